using Edge.Dicom.Data;

namespace Edge.Pixels.Codecs.Jpeg;

/// <summary>
/// JPEG syntaxes. The frame header picks the decoder: 8-bit DCT processes go to libjpeg-turbo (TurboJPEG API),
/// lossless process 14 to our own decoder. 12-bit DCT (process 4) needs a 12-bit libjpeg, which Debian 12's
/// libjpeg-turbo 2.1.5 is not built with, so it is refused as unsupported. Lossless frames are encoded by our own
/// encoder; lossy ones are never re-encoded.
/// </summary>
public sealed class JpegCodec : IPixelCodec
{
    public string Name => "JPEG";

    public IReadOnlyCollection<TransferSyntax> TransferSyntaxes { get; } =
        [TransferSyntax.JpegBaseline, TransferSyntax.JpegExtended, TransferSyntax.JpegLossless, TransferSyntax.JpegLosslessSV1];

    public bool CanEncode(TransferSyntax syntax) =>
        syntax.Equals(TransferSyntax.JpegLossless) || syntax.Equals(TransferSyntax.JpegLosslessSV1);

    /// <summary>Lossless frames keep their layout; lossy colour frames decode to interleaved RGB.</summary>
    public PixelDataInfo DecodedInfo(PixelDataInfo info, TransferSyntax syntax) =>
        syntax.IsLossy && info.SamplesPerPixel == 3 ? info with { Photometric = Photometric.Rgb, PlanarConfiguration = 0 } : info;

    public byte[] Decode(ReadOnlySpan<byte> frame, PixelDataInfo info, TransferSyntax syntax)
    {
        var header = JpegFrameHeader.Read(frame);
        if (header.IsLossless)
        {
            if (info.BitsAllocated is not (8 or 16))
            {
                throw new UnsupportedPixelDataException($"JPEG lossless into {info.BitsAllocated} bits allocated is not supported");
            }
            var lossless = JpegLosslessDecoder.Decode(frame, info);
            return FrameLayout.Arrange(lossless, info.SamplesPerPixel, info.BytesPerSample, info.PlanarConfiguration, DecodedInfo(info, syntax).PlanarConfiguration);
        }
        if (header.Precision != 8)
        {
            throw new UnsupportedPixelDataException(
                $"{header.Precision}-bit DCT JPEG (process 2/4) cannot be decoded: Debian's libjpeg-turbo 2.1 is built for 8-bit samples only");
        }
        if (info.BitsAllocated != 8)
        {
            throw new PixelCodecException("JPEG", $"an 8-bit codestream under Bits Allocated {info.BitsAllocated}");
        }
        return FrameLayout.Arrange(TurboJpegDecoder.Decode(frame, info), info.SamplesPerPixel, 1, 0, DecodedInfo(info, syntax).PlanarConfiguration);
    }

    /// <summary>Colour frames are declared with Planar Configuration 0, as CP-1843 requires of JPEG.</summary>
    public PixelDataInfo EncodedInfo(PixelDataInfo info, TransferSyntax syntax) => info with { PlanarConfiguration = 0 };

    public byte[] Encode(ReadOnlySpan<byte> frame, PixelDataInfo info, TransferSyntax syntax)
    {
        if (!CanEncode(syntax))
        {
            throw new UnsupportedPixelDataException($"{syntax.Name} is lossy: Edge never encodes it");
        }
        return JpegLosslessEncoder.Encode(frame, info);
    }
}
