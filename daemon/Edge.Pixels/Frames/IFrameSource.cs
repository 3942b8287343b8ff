using Edge.Dicom.Data;

namespace Edge.Pixels.Frames;

/// <summary>
/// The frames of an image's pixel data, one at a time: only the frame asked for is read from the source, so a
/// multi-gigabyte cine loop never sits in memory whole.
/// </summary>
public interface IFrameSource
{
    /// <summary>The pixel attributes as declared in the dataset.</summary>
    PixelDataInfo Info { get; }

    TransferSyntax TransferSyntax { get; }

    /// <summary>How many frames can be read.</summary>
    int FrameCount { get; }

    /// <summary>
    /// Frame <paramref name="index"/> as stored: for native syntaxes the frame's native bytes (little endian; 1-bit
    /// frames re-aligned to start at bit 0 of byte 0); for encapsulated syntaxes the compressed bytes of its fragments.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such frame.</exception>
    /// <exception cref="InvalidPixelDataException">The value is too short or its fragments cannot be mapped to frames.</exception>
    byte[] ReadFrame(int index);
}
