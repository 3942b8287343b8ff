namespace Edge.Dicom;

/// <summary>Root of Edge.Dicom's own exceptions; callers map these (and only these) to protocol statuses.</summary>
public class DicomException : Exception
{
    public DicomException(string message) : base(message) { }
    public DicomException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>
/// The one exception malformed input raises: where in the byte stream the reader was, and which element it was
/// reading, so a PACS admin can find the fault with a hex dump.
/// </summary>
public sealed class DicomReadException : DicomException
{
    public DicomReadException(string problem, long offset, Data.DicomTag? tag, Exception? inner = null)
        : base(Format(problem, offset, tag), inner)
    {
        Problem = problem;
        Offset = offset;
        Tag = tag;
    }

    /// <summary>What was wrong, without the position.</summary>
    public string Problem { get; }

    /// <summary>Byte offset in the source (after inflation for deflated data) where the fault was found.</summary>
    public long Offset { get; }

    /// <summary>The element being read, when the fault is inside one.</summary>
    public Data.DicomTag? Tag { get; }

    private static string Format(string problem, long offset, Data.DicomTag? tag) =>
        tag is { } t ? $"{problem} (element {t} at byte {offset})" : $"{problem} (at byte {offset})";
}

/// <summary>A dataset cannot be written as asked (for example encapsulated pixel data to a native syntax).</summary>
public sealed class DicomWriteException : DicomException
{
    public DicomWriteException(string message) : base(message) { }
}
