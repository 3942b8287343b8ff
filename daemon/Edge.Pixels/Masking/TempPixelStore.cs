using Edge.Dicom.Data;

namespace Edge.Pixels.Masking;

/// <summary>
/// A temporary file that masked frames are written to one at a time, handed to the <see cref="DicomFile"/> so it lives
/// as long as the values that point into it, and deleted when the file is disposed. Readable by its owner only: it
/// holds image data of a patient.
/// </summary>
internal sealed class TempPixelStore
{
    private readonly FileStream _stream;
    private readonly StreamBulkDataSource _source;

    private TempPixelStore(FileStream stream)
    {
        _stream = stream;
        _source = new StreamBulkDataSource(stream);
    }

    /// <summary>Creates the file in <paramref name="directory"/> and gives it to <paramref name="owner"/>.</summary>
    public static TempPixelStore Create(DicomFile owner, string directory)
    {
        var path = Path.Combine(directory, $".edge-pixels-{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            BufferSize = 64 * 1024,
        });
        owner.AddOwnedResource(stream);
        return new TempPixelStore(stream);
    }

    public long Length => _stream.Length;

    /// <summary>Appends bytes; returns where they start.</summary>
    public long Append(ReadOnlySpan<byte> data)
    {
        var at = _stream.Seek(0, SeekOrigin.End);
        _stream.Write(data);
        return at;
    }

    /// <summary>The whole file as one value, padded with a zero byte to the even length DICOM values have.</summary>
    public DicomValueData EvenLengthValue()
    {
        if (Length % 2 == 1)
        {
            Append([0]);
        }
        return Value(0, Length);
    }

    /// <summary>A value of <paramref name="length"/> little-endian bytes at <paramref name="offset"/>, read back when written out.</summary>
    public DicomValueData Value(long offset, long length)
    {
        _stream.Flush();
        return new DicomValueData(new BulkDataRef(_source, offset, length, SourceIsBigEndian: false));
    }
}
