namespace Edge.Dicom.Data;

/// <summary>How the reader treats large values and deep nesting.</summary>
public sealed class DicomReaderOptions
{
    public static DicomReaderOptions Default { get; } = new();

    /// <summary>
    /// Values longer than this many bytes are not loaded: the reader keeps their offset in a seekable source and the
    /// writer copies them through. Default 64 KiB, which keeps every header value in memory and every frame out.
    /// </summary>
    public int BulkDataThreshold { get; init; } = 64 * 1024;

    /// <summary>Deepest sequence nesting accepted; deeper input is refused as malformed. Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Stop at the first top-level element at or after this tag (for example PixelData to read headers only).</summary>
    public DicomTag? StopAtTag { get; init; }

    /// <summary>Deflated datasets larger than this are inflated to a temporary file rather than memory. Default 16 MiB.</summary>
    public long InflateInMemoryLimit { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// A deflated dataset that inflates beyond this is refused as malformed (a deflate bomb). Default 8 GiB.
    /// </summary>
    public long MaxInflatedBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>
    /// Where inflated copies go (mode 0600, deleted on close; they hold the dataset, PHI included). Default: the system
    /// temporary directory; the daemon points it at its private spool.
    /// </summary>
    public string? TemporaryDirectory { get; init; }
}
