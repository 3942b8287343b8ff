using Edge.Dicom;

namespace Edge.Pixels;

/// <summary>Root of Edge.Pixels' exceptions: everything pixel handling raises for bad input or a missing dependency.</summary>
public class PixelDataException : DicomException
{
    public PixelDataException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The image pixel attributes are missing, out of range or inconsistent; <see cref="Attribute"/> names the culprit.</summary>
public sealed class InvalidPixelDataException : PixelDataException
{
    public InvalidPixelDataException(string attribute, string problem)
        : base($"{attribute}: {problem}") => Attribute = attribute;

    /// <summary>Keyword of the attribute at fault, or "PixelData" for the value itself.</summary>
    public string Attribute { get; }
}

/// <summary>Well-formed pixel data that Edge does not handle (a syntax, bit depth or layout without a codec here).</summary>
public sealed class UnsupportedPixelDataException(string message) : PixelDataException(message);

/// <summary>A compressed frame could not be decoded or encoded: corrupt, truncated, or inconsistent with its attributes.</summary>
public sealed class PixelCodecException : PixelDataException
{
    public PixelCodecException(string codec, string problem, Exception? inner = null)
        : base($"{codec}: {problem}", inner) => Codec = codec;

    public string Codec { get; }
}

/// <summary>A native library a codec or the OCR needs is not installed or lacks an entry point.</summary>
public sealed class NativeLibraryUnavailableException : PixelDataException
{
    public NativeLibraryUnavailableException(string library, string package, Exception? inner = null)
        : base($"The native library {library} is not available (Debian package {package})", inner) => Library = library;

    public string Library { get; }
}

/// <summary>The OCR engine could not be started or failed on an image.</summary>
public sealed class OcrException(string message, Exception? inner = null) : PixelDataException(message, inner);
