using Edge.Dicom;
using Edge.Dicom.Data;
using Edge.Testing;

namespace Edge.Integration.Tests.Support;

/// <summary>A file DCMTK's storescu can send to edged, with what its header says.</summary>
public sealed record SendableFile(string Path, string SopClassUid, string SopInstanceUid, TransferSyntax Syntax)
{
    public string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>
/// Which files of a directory storescu can send and how: a standard storage SOP class that edged accepts, meta
/// information that agrees with the data set (DCMTK refuses files whose meta lacks or contradicts the SOP class and
/// instance), and a transfer syntax storescu can either convert (native) or propose as is (a -x option per syntax).
/// </summary>
public static class CorpusCatalog
{
    private static readonly DicomReaderOptions HeaderOnly = new() { StopAtTag = new DicomTag(0x0008, 0x0019) };

    private static readonly HashSet<string> AcceptedClasses = SopClasses.Storage.Select(s => s.Uid).ToHashSet(StringComparer.Ordinal);

    /// <summary>The storescu option that proposes a compressed (or deflated) syntax, so a file in it is sent unchanged.</summary>
    private static readonly Dictionary<string, string> ProposeAsIs = new(StringComparer.Ordinal)
    {
        ["1.2.840.10008.1.2.1.99"] = "-xd",
        ["1.2.840.10008.1.2.4.50"] = "-xy",
        ["1.2.840.10008.1.2.4.51"] = "-xx",
        ["1.2.840.10008.1.2.4.70"] = "-xs",
        ["1.2.840.10008.1.2.4.80"] = "-xt",
        ["1.2.840.10008.1.2.4.81"] = "-xu",
        ["1.2.840.10008.1.2.4.90"] = "-xv",
        ["1.2.840.10008.1.2.4.91"] = "-xw",
        ["1.2.840.10008.1.2.5"] = "-xr",
    };

    /// <summary>The real corpus files dcmdump parses (per the manifest), filtered as above.</summary>
    public static IReadOnlyList<SendableFile> RealCorpus()
    {
        var manifest = Corpus.Manifest();
        return Sendable(Corpus.RealFiles().Where(f => manifest.TryGetValue(System.IO.Path.GetFileName(f), out var row)
            && row.GetValueOrDefault("parses_with_dcmdump") == "yes"));
    }

    public static IReadOnlyList<SendableFile> Sendable(IEnumerable<string> paths) =>
        paths.Select(Describe).OfType<SendableFile>()
            .Where(f => AcceptedClasses.Contains(f.SopClassUid) && (IsNative(f.Syntax) || ProposeAsIs.ContainsKey(f.Syntax.Uid)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();

    public static bool IsNative(TransferSyntax syntax) => syntax.IsNative && !syntax.IsDeflated;

    /// <summary>The storescu option that sends files of this (non-native) syntax as they are.</summary>
    public static string ProposalOption(TransferSyntax syntax) => ProposeAsIs[syntax.Uid];

    private static SendableFile? Describe(string path)
    {
        try
        {
            using var file = DicomFile.Open(path, HeaderOnly);
            var metaClass = file.FileMeta.GetString(DicomTags.MediaStorageSOPClassUID);
            var metaInstance = file.FileMeta.GetString(DicomTags.MediaStorageSOPInstanceUID);
            var sopClass = file.Dataset.Get(DicomTags.SOPClassUID);
            var sopInstance = file.Dataset.Get(DicomTags.SOPInstanceUID);
            if (string.IsNullOrEmpty(metaClass) || string.IsNullOrEmpty(metaInstance) || sopClass?.VR != DicomVR.UI || sopInstance?.VR != DicomVR.UI
                || metaClass != file.Dataset.GetString(DicomTags.SOPClassUID) || metaInstance != file.Dataset.GetString(DicomTags.SOPInstanceUID)
                || !file.TransferSyntax.IsKnown)
            {
                return null;
            }
            return new SendableFile(path, metaClass, metaInstance, file.TransferSyntax);
        }
        catch (DicomException)
        {
            return null;
        }
    }
}
