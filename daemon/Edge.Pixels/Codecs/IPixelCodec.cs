using Edge.Dicom.Data;

namespace Edge.Pixels.Codecs;

/// <summary>
/// A frame codec for one family of encapsulated transfer syntaxes. Frames are whole: one compressed codestream in,
/// one native frame out (little endian, samples as <see cref="DecodedInfo"/> describes).
/// </summary>
public interface IPixelCodec
{
    /// <summary>A short name for messages and records ("RLE", "JPEG-LS (CharLS)").</summary>
    string Name { get; }

    /// <summary>The syntaxes this codec decodes.</summary>
    IReadOnlyCollection<TransferSyntax> TransferSyntaxes { get; }

    /// <summary>True when <see cref="Encode"/> produces frames of <paramref name="syntax"/> (lossless syntaxes only).</summary>
    bool CanEncode(TransferSyntax syntax);

    /// <summary>
    /// The layout of frames decoded from <paramref name="syntax"/> under declared attributes <paramref name="info"/>:
    /// the same, except where the codec converts colour (lossy JPEG and JPEG 2000 ICT/RCT decode to interleaved RGB).
    /// </summary>
    PixelDataInfo DecodedInfo(PixelDataInfo info, TransferSyntax syntax);

    /// <summary>Decodes one frame of <paramref name="syntax"/>, laid out as <see cref="DecodedInfo"/> says.</summary>
    /// <exception cref="PixelCodecException">The codestream is corrupt or disagrees with the attributes.</exception>
    /// <exception cref="UnsupportedPixelDataException">The codestream uses a feature this codec lacks.</exception>
    /// <exception cref="NativeLibraryUnavailableException">The library behind the codec is not installed.</exception>
    byte[] Decode(ReadOnlySpan<byte> frame, PixelDataInfo info, TransferSyntax syntax);

    /// <summary>The attributes to declare for frames encoded from native frames laid out as <paramref name="info"/>.</summary>
    PixelDataInfo EncodedInfo(PixelDataInfo info, TransferSyntax syntax);

    /// <summary>Encodes one native frame laid out as <paramref name="info"/>, losslessly, in <paramref name="syntax"/>.</summary>
    /// <exception cref="UnsupportedPixelDataException">The codec cannot encode this syntax or layout.</exception>
    byte[] Encode(ReadOnlySpan<byte> frame, PixelDataInfo info, TransferSyntax syntax);
}
