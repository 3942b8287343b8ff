using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>
/// A DICOM file on disk to be sent, with the identifiers read from its header so the sender can choose a
/// presentation context before opening it again to stream it.
/// </summary>
public sealed class InstanceFile
{
    private static readonly DicomReaderOptions s_headerOnly = new() { StopAtTag = new DicomTag(0x0008, 0x0019) };

    private InstanceFile(string path, string sopClassUid, string sopInstanceUid, TransferSyntax syntax, long datasetOffset)
    {
        Path = path;
        SopClassUid = sopClassUid;
        SopInstanceUid = sopInstanceUid;
        TransferSyntax = syntax;
        DatasetOffset = datasetOffset;
    }

    public string Path { get; }

    public string SopClassUid { get; }

    public string SopInstanceUid { get; }

    /// <summary>The syntax the dataset is stored in.</summary>
    public TransferSyntax TransferSyntax { get; }

    /// <summary>Where the dataset starts in the file; -1 when it cannot be copied as is (deflated).</summary>
    internal long DatasetOffset { get; }

    /// <summary>Reads the header of a Part 10 file (or bare dataset) up to the SOP Instance UID.</summary>
    /// <exception cref="DicomException">The file is not DICOM or lacks its SOP class or instance UID.</exception>
    public static InstanceFile Open(string path)
    {
        using var file = DicomFile.Open(path, s_headerOnly);
        var sopClass = file.Dataset.GetString(DicomTags.SOPClassUID) ?? file.FileMeta.GetString(DicomTags.MediaStorageSOPClassUID);
        var sopInstance = file.Dataset.GetString(DicomTags.SOPInstanceUID) ?? file.FileMeta.GetString(DicomTags.MediaStorageSOPInstanceUID);
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            throw new DicomException($"{System.IO.Path.GetFileName(path)} has no SOP Class UID or SOP Instance UID");
        }
        return new InstanceFile(path, sopClass, sopInstance, file.TransferSyntax, file.DatasetOffset);
    }

    public override string ToString() => SopInstanceUid;
}

/// <summary>What a C-GET or C-MOVE provider answers: how many instances match and the instances themselves.</summary>
public sealed class RetrieveSet
{
    public RetrieveSet(int count, IAsyncEnumerable<InstanceFile> instances)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, ushort.MaxValue);
        Count = count;
        Instances = instances;
    }

    /// <summary>The number of sub-operations announced as remaining at the start.</summary>
    public int Count { get; }

    public IAsyncEnumerable<InstanceFile> Instances { get; }

    public static RetrieveSet From(IReadOnlyCollection<InstanceFile> files) => new(files.Count, files.ToAsyncEnumerable());
}
