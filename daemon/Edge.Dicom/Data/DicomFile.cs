using System.Text;

namespace Edge.Dicom.Data;

/// <summary>
/// A DICOM object as read or to be written: preamble and file meta information when it is a Part 10 file, the
/// dataset, and the transfer syntax of the dataset. It owns the source stream that bulk values still point into,
/// so keep it open until everything is written.
/// </summary>
public sealed class DicomFile : IDisposable
{
    /// <summary>Edge's implementation class UID (PS3.7 D.3.3.2), a UUID-derived root.</summary>
    public const string ImplementationClassUid = "2.25.272036206963058877069073088014362960936";

    /// <summary>Edge's implementation version name (at most 16 characters).</summary>
    public const string ImplementationVersionName = "EDGE_0_1";

    private readonly List<IDisposable> _owned = [];

    internal DicomFile(Stream? ownedSource)
    {
        if (ownedSource is not null)
        {
            _owned.Add(ownedSource);
        }
    }

    /// <summary>The 128-byte preamble as read; null when the input had none (bare dataset, or meta without preamble).</summary>
    public byte[]? Preamble { get; set; }

    /// <summary>Group 0002. Empty for a bare dataset.</summary>
    public DicomDataset FileMeta { get; } = new();

    public DicomDataset Dataset { get; private set; } = new();

    /// <summary>The transfer syntax of <see cref="Dataset"/> as read (or to be written by default).</summary>
    public TransferSyntax TransferSyntax { get; set; } = TransferSyntax.ExplicitVRLittleEndian;

    public bool HasFileMeta => FileMeta.Count > 0;

    /// <summary>
    /// Byte offset in the source where the dataset starts (after preamble and meta), for callers that copy an unchanged
    /// dataset straight from the file; -1 when unknown or when the source is deflated.
    /// </summary>
    public long DatasetOffset { get; internal set; } = -1;

    /// <summary>The compressed bytes of a deflated dataset as read.</summary>
    internal BulkDataRef? DeflatedDataset { get; set; }

    /// <summary>SOP Instance UID as read, so the writer updates the meta only when the dataset's changed.</summary>
    internal string? SopInstanceUidAsRead { get; set; }

    public static DicomFile Open(string path, DicomReaderOptions? options = null)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        try
        {
            return DicomReader.ReadFile(stream, options ?? DicomReaderOptions.Default, leaveOpen: false);
        }
        catch (DicomReadException)
        {
            throw;
        }
        catch (DicomException)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads a Part 10 file or a bare dataset from a stream (seekable for bulk references).</summary>
    public static DicomFile Read(Stream stream, DicomReaderOptions? options = null, bool leaveOpen = true) =>
        DicomReader.ReadFile(stream, options ?? DicomReaderOptions.Default, leaveOpen);

    /// <summary>Reads a dataset with no file meta information in a known transfer syntax.</summary>
    public static DicomFile ReadDataset(Stream stream, TransferSyntax syntax, DicomReaderOptions? options = null, bool leaveOpen = true) =>
        DicomReader.ReadDataset(stream, syntax, options ?? DicomReaderOptions.Default, leaveOpen);

    /// <summary>A new Part 10 object around a dataset, with file meta information built from it.</summary>
    public static DicomFile Create(DicomDataset dataset, TransferSyntax syntax, string? sourceAeTitle = null)
    {
        var file = new DicomFile(null) { Dataset = dataset, TransferSyntax = syntax, Preamble = new byte[128] };
        var meta = file.FileMeta;
        meta.SetUInt32(DicomTags.FileMetaInformationGroupLength, 0);
        meta.SetBytes(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 });
        meta.SetString(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, dataset.GetString(DicomTags.SOPClassUID) ?? "");
        meta.SetString(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, dataset.GetString(DicomTags.SOPInstanceUID) ?? "");
        meta.SetString(DicomTags.TransferSyntaxUID, DicomVR.UI, syntax.Uid);
        meta.SetString(DicomTags.ImplementationClassUID, DicomVR.UI, ImplementationClassUid);
        meta.SetString(DicomTags.ImplementationVersionName, DicomVR.SH, ImplementationVersionName);
        if (!string.IsNullOrEmpty(sourceAeTitle))
        {
            meta.SetString(DicomTags.SourceApplicationEntityTitle, DicomVR.AE, sourceAeTitle);
        }
        return file;
    }

    /// <summary>Keeps a resource alive as long as this file (an inflated copy, a spool file).</summary>
    public void AddOwnedResource(IDisposable resource) => _owned.Add(resource);

    /// <summary>The writer's buffer: a few large writes reach the page cache faster than many small ones.</summary>
    private const int WriteBufferSize = 256 * 1024;

    /// <summary>
    /// Writes the object: Part 10 when it has file meta information, else a bare dataset. <paramref name="syntax"/>
    /// null keeps the syntax it was read in. Native pixel data cannot become encapsulated nor the reverse: that needs
    /// a codec, and the writer refuses with <see cref="DicomWriteException"/>.
    /// </summary>
    public void Write(Stream output, TransferSyntax? syntax = null, DicomWriterOptions? options = null)
    {
        var target = syntax ?? TransferSyntax;
        CheckPixelEncoding(target);
        using var buffered = new PooledWriteBuffer(output, WriteBufferSize);
        if (HasFileMeta)
        {
            SyncFileMeta(target);
            if (Preamble is not null)
            {
                buffered.Write(Preamble);
                buffered.Write("DICM"u8);
            }
            DicomWriter.WriteFileMeta(FileMeta, buffered);
        }
        WriteDatasetBody(buffered, target, options);
        buffered.Flush();
    }

    private void WriteDatasetBody(Stream output, TransferSyntax target, DicomWriterOptions? options)
    {
        if (target.IsDeflated && TransferSyntax.IsDeflated && DeflatedDataset is { } raw && Dataset.IsUnchangedSinceRead())
        {
            raw.CopyTo(output, 1, false);
            return;
        }
        DicomWriter.WriteDataset(Dataset, output, target, options ?? DicomWriterOptions.Default, reencode: !target.Equals(TransferSyntax));
    }

    /// <summary>Writes the dataset alone, without preamble or meta (DIMSE data sets, bare files).</summary>
    public void WriteDataset(Stream output, TransferSyntax? syntax = null, DicomWriterOptions? options = null)
    {
        var target = syntax ?? TransferSyntax;
        CheckPixelEncoding(target);
        using var buffered = new PooledWriteBuffer(output, WriteBufferSize);
        WriteDatasetBody(buffered, target, options);
        buffered.Flush();
    }

    /// <summary>Encodes a dataset alone in a syntax (command sets in implicit VR little endian, small datasets).</summary>
    public static byte[] EncodeDataset(DicomDataset dataset, TransferSyntax syntax)
    {
        using var ms = new MemoryStream();
        DicomWriter.WriteDataset(dataset, ms, syntax, DicomWriterOptions.Default);
        return ms.ToArray();
    }

    /// <summary>Decodes a small dataset held in memory (command sets, C-FIND identifiers).</summary>
    public static DicomDataset DecodeDataset(ReadOnlyMemory<byte> bytes, TransferSyntax syntax)
    {
        var stream = new MemoryStream(bytes.ToArray(), writable: false);
        var file = DicomReader.ReadDataset(stream, syntax, new DicomReaderOptions { BulkDataThreshold = int.MaxValue }, leaveOpen: false);
        return file.Dataset;
    }

    public void Save(string path, TransferSyntax? syntax = null, DicomWriterOptions? options = null)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        Write(fs, syntax, options);
    }

    private void CheckPixelEncoding(TransferSyntax target)
    {
        if (target.Equals(TransferSyntax))
        {
            return;
        }
        var encapsulated = Dataset.Get(DicomTags.PixelData) is DicomFragmentSequence;
        if (encapsulated && !target.IsEncapsulated)
        {
            throw new DicomWriteException($"Pixel data is compressed ({TransferSyntax.Name}); writing it as {target.Name} needs a decoder");
        }
        if (!encapsulated && Dataset.Contains(DicomTags.PixelData) && target.IsEncapsulated)
        {
            throw new DicomWriteException($"Pixel data is native; writing it as {target.Name} needs an encoder");
        }
        if (encapsulated && target.IsEncapsulated)
        {
            throw new DicomWriteException($"Pixel data is {TransferSyntax.Name}; transcoding to {target.Name} is not supported");
        }
    }

    /// <summary>Keeps group 0002 consistent with the dataset: syntax, SOP class and instance (PS3.10 7.1).</summary>
    private void SyncFileMeta(TransferSyntax target)
    {
        SetIfDifferent(DicomTags.TransferSyntaxUID, target.Uid);
        // A file whose meta disagreed with its dataset when read is left as it was unless the dataset's UID changed.
        var sop = Dataset.GetString(DicomTags.SOPInstanceUID);
        if (sop is { Length: > 0 } && sop != SopInstanceUidAsRead)
        {
            SetIfDifferent(DicomTags.MediaStorageSOPInstanceUID, sop);
            if (Dataset.GetString(DicomTags.SOPClassUID) is { Length: > 0 } cls)
            {
                SetIfDifferent(DicomTags.MediaStorageSOPClassUID, cls);
            }
        }

        void SetIfDifferent(DicomTag tag, string value)
        {
            if (FileMeta.GetString(tag) != value)
            {
                FileMeta.SetString(tag, DicomVR.UI, value);
            }
        }
    }

    public void Dispose()
    {
        foreach (var r in _owned)
        {
            r.Dispose();
        }
        _owned.Clear();
    }

    public override string ToString() => new StringBuilder().Append(TransferSyntax.Name).Append(", ").Append(Dataset.Count).Append(" elements").ToString();
}
