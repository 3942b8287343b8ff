using Edge.Dicom.Data;
using Edge.Testing;

namespace Edge.Network.Tests.Support;

/// <summary>Corpus files fit for network tests: Part 10, a SOP class and a known transfer syntax, readable by DCMTK.</summary>
internal static class CorpusFiles
{
    public sealed record Entry(string Path, string SopClassUid, string TransferSyntaxUid, long Size);

    public static IReadOnlyList<Entry> Storable(long maxSize = 2_000_000) =>
        Corpus.Manifest()
            .Where(kv => kv.Value.GetValueOrDefault("parses_with_dcmdump") == "yes"
                && kv.Value.GetValueOrDefault("sop_class_uid") is { Length: > 0 } sop && sop.StartsWith("1.2.840.10008.", StringComparison.Ordinal) && sop != "1.2.840.10008.5.1.4.1.1.66.7"
                && kv.Value.GetValueOrDefault("transfer_syntax_uid") is { Length: > 0 } ts && TransferSyntax.TryLookupKnown(ts, out _)
                && long.Parse(kv.Value["size_bytes"], System.Globalization.CultureInfo.InvariantCulture) <= maxSize)
            .Select(kv => new Entry(System.IO.Path.Combine(Corpus.RealDir, kv.Key), kv.Value["sop_class_uid"], kv.Value["transfer_syntax_uid"],
                long.Parse(kv.Value["size_bytes"], System.Globalization.CultureInfo.InvariantCulture)))
            .Where(e => HasConsistentMeta(e.Path))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// DCMTK's SCUs refuse files whose meta information lacks, or disagrees on, the SOP class and instance, or whose
    /// data set holds them as anything but UI (one corpus file has them as UN).
    /// </summary>
    private static bool HasConsistentMeta(string path)
    {
        using var file = DicomFile.Open(path, new DicomReaderOptions { StopAtTag = new DicomTag(0x0008, 0x0019) });
        var metaClass = file.FileMeta.GetString(DicomTags.MediaStorageSOPClassUID);
        var metaInstance = file.FileMeta.GetString(DicomTags.MediaStorageSOPInstanceUID);
        return !string.IsNullOrEmpty(metaClass) && !string.IsNullOrEmpty(metaInstance)
            && file.Dataset.Get(DicomTags.SOPClassUID)?.VR == DicomVR.UI && file.Dataset.Get(DicomTags.SOPInstanceUID)?.VR == DicomVR.UI
            && metaClass == file.Dataset.GetString(DicomTags.SOPClassUID)
            && metaInstance == file.Dataset.GetString(DicomTags.SOPInstanceUID);
    }

    /// <summary>Every transfer syntax DCMTK might propose or convert to, native first.</summary>
    public static TransferSyntax[] AllSyntaxes { get; } =
        [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian,
         .. TransferSyntax.Known.Where(t => t.IsEncapsulated || t.IsDeflated)];

    /// <summary>
    /// The data set bytes of a Part 10 file: everything after its meta information, found from the meta group length
    /// so that deflated files (whose data set cannot be located by parsing) work too.
    /// </summary>
    public static byte[] DatasetBytes(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var groupLength = BitConverter.ToUInt32(bytes, 140);
        return bytes[(144 + (int)groupLength)..];
    }
}
