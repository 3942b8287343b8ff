using System.Buffers.Binary;
using Edge.Dicom.Data;
using static Edge.Pixels.Codecs.JpegLs.CharLsNative;

namespace Edge.Pixels.Codecs.JpegLs;

/// <summary>
/// JPEG-LS through CharLS: decodes lossless and near-lossless frames, encodes lossless ones. Samples of up to 8 bits
/// travel as bytes and wider ones as 16-bit words, whatever Bits Allocated says, so both are converted here.
/// </summary>
public sealed unsafe class CharLsCodec : IPixelCodec
{
    public string Name => "JPEG-LS";

    public IReadOnlyCollection<TransferSyntax> TransferSyntaxes { get; } = [TransferSyntax.JpegLsLossless, TransferSyntax.JpegLsNearLossless];

    public bool CanEncode(TransferSyntax syntax) => syntax.Equals(TransferSyntax.JpegLsLossless);

    public PixelDataInfo DecodedInfo(PixelDataInfo info, TransferSyntax syntax) => info;

    /// <summary>Colour frames are declared with Planar Configuration 0, as CP-1843 requires of JPEG-LS.</summary>
    public PixelDataInfo EncodedInfo(PixelDataInfo info, TransferSyntax syntax) => info with { PlanarConfiguration = 0 };

    public byte[] Decode(ReadOnlySpan<byte> frame, PixelDataInfo info, TransferSyntax syntax)
    {
        CharLsNative.Require();
        if (info.BitsAllocated is not (8 or 16))
        {
            throw new UnsupportedPixelDataException($"JPEG-LS into {info.BitsAllocated} bits allocated is not supported");
        }
        if (!EndsWithEndOfImage(frame))
        {
            // CharLS 2.4 can spend seconds on a truncated scan before failing; a missing EOI refuses it at once.
            throw new PixelCodecException("JPEG-LS (CharLS)", "the codestream does not end with an EOI marker: it is truncated");
        }
        using var decoder = charls_jpegls_decoder_create();
        if (decoder.IsInvalid)
        {
            throw new PixelCodecException("JPEG-LS (CharLS)", "the decoder could not be created");
        }
        fixed (byte* source = frame)
        {
            Check(charls_jpegls_decoder_set_source_buffer(decoder, source, (nuint)frame.Length), "reading the frame");
            Check(charls_jpegls_decoder_read_header(decoder), "reading the header");
            FrameInfo header;
            int interleave;
            nuint size;
            Check(charls_jpegls_decoder_get_frame_info(decoder, &header), "reading the frame information");
            Check(charls_jpegls_decoder_get_interleave_mode(decoder, &interleave), "reading the interleave mode");
            if (header.Width != info.Columns || header.Height != info.Rows || header.ComponentCount != info.SamplesPerPixel
                || header.BitsPerSample > info.BitsAllocated)
            {
                throw new PixelCodecException("JPEG-LS (CharLS)",
                    $"the codestream is {header.Width}x{header.Height}, {header.ComponentCount} components of {header.BitsPerSample} bits; the attributes say {info.Columns}x{info.Rows}, {info.SamplesPerPixel} of {info.BitsAllocated}");
            }
            Check(charls_jpegls_decoder_get_destination_size(decoder, 0, &size), "sizing the output");
            var decoded = new byte[size];
            fixed (byte* destination = decoded)
            {
                Check(charls_jpegls_decoder_decode_to_buffer(decoder, destination, size, 0), "decoding");
            }
            var codedBytes = header.BitsPerSample <= 8 ? 1 : 2;
            var native = codedBytes == info.BytesPerSample ? decoded : Widen(decoded, info);
            // Without interleaving CharLS writes one plane per component.
            var decodedPlanar = interleave == InterleaveNone ? 1 : 0;
            return FrameLayout.Arrange(native, info.SamplesPerPixel, info.BytesPerSample, decodedPlanar, info.PlanarConfiguration);
        }
    }

    public byte[] Encode(ReadOnlySpan<byte> frame, PixelDataInfo info, TransferSyntax syntax)
    {
        if (!CanEncode(syntax))
        {
            throw new UnsupportedPixelDataException($"{Name} encodes only {TransferSyntax.JpegLsLossless.Name}, not {syntax.Name}");
        }
        if (info.BitsAllocated is not (8 or 16) || info.Photometric.IsSubsampled())
        {
            throw new UnsupportedPixelDataException($"JPEG-LS encoding of {info.BitsAllocated}-bit {info.Photometric.ToDicom()} data is not supported");
        }
        CharLsNative.Require();
        SamplePlanes.Read(frame, info, out var precision);
        precision = Math.Max(2, precision);
        var interleaved = FrameLayout.Arrange(frame.ToArray(), info.SamplesPerPixel, info.BytesPerSample, info.PlanarConfiguration, 0);
        var source = precision <= 8 && info.BytesPerSample == 2 ? Narrow(interleaved, info) : interleaved;
        using var encoder = charls_jpegls_encoder_create();
        if (encoder.IsInvalid)
        {
            throw new PixelCodecException("JPEG-LS (CharLS)", "the encoder could not be created");
        }
        var header = new FrameInfo
        {
            Width = (uint)info.Columns, Height = (uint)info.Rows, BitsPerSample = precision, ComponentCount = info.SamplesPerPixel,
        };
        Check(charls_jpegls_encoder_set_frame_info(encoder, &header), "setting the frame information");
        var interleave = info.SamplesPerPixel == 1 ? InterleaveNone : InterleaveSample;
        Check(charls_jpegls_encoder_set_interleave_mode(encoder, interleave), "setting the interleave mode");
        Check(charls_jpegls_encoder_set_near_lossless(encoder, 0), "asking for lossless coding");
        nuint capacity;
        nuint written;
        Check(charls_jpegls_encoder_get_estimated_destination_size(encoder, &capacity), "sizing the output");
        var output = new byte[capacity];
        fixed (byte* destination = output)
        fixed (byte* input = source)
        {
            Check(charls_jpegls_encoder_set_destination_buffer(encoder, destination, capacity), "setting the output");
            Check(charls_jpegls_encoder_encode_from_buffer(encoder, input, (nuint)source.Length, 0), "encoding");
            Check(charls_jpegls_encoder_get_bytes_written(encoder, &written), "finishing");
        }
        return EvenLength.Pad(output.AsSpan(0, (int)written));
    }

    /// <summary>True when FF D9 closes the codestream, allowing for fragment padding after it.</summary>
    private static bool EndsWithEndOfImage(ReadOnlySpan<byte> frame)
    {
        var end = frame.Length;
        while (end > 0 && frame.Length - end < 16 && frame[end - 1] == 0)
        {
            end--;
        }
        return end >= 2 && frame[end - 2] == 0xFF && frame[end - 1] == 0xD9;
    }

    private static byte[] Widen(byte[] bytes, PixelDataInfo info)
    {
        var wide = new byte[info.FrameLength];
        for (var i = 0; i < bytes.Length && i * 2 < wide.Length; i++)
        {
            wide[i * 2] = bytes[i];
        }
        return wide;
    }

    private static byte[] Narrow(ReadOnlySpan<byte> frame, PixelDataInfo info)
    {
        var narrow = new byte[info.FrameLength / 2];
        for (var i = 0; i < narrow.Length; i++)
        {
            narrow[i] = (byte)BinaryPrimitives.ReadUInt16LittleEndian(frame[(i * 2)..]);
        }
        return narrow;
    }
}
