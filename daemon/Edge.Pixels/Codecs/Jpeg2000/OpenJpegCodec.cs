using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Edge.Dicom.Data;
using static Edge.Pixels.Codecs.Jpeg2000.OpenJpegNative;

namespace Edge.Pixels.Codecs.Jpeg2000;

/// <summary>
/// JPEG 2000 through libopenjp2: decodes both syntaxes (raw codestreams, or JP2 files as some writers embed), and
/// encodes losslessly with the reversible 5/3 wavelet, using the reversible colour transform for RGB (YBR_RCT).
/// </summary>
public sealed unsafe class OpenJpegCodec : IPixelCodec
{
    private const string Codec = "JPEG 2000 (libopenjp2)";

    public string Name => "JPEG 2000";

    public IReadOnlyCollection<TransferSyntax> TransferSyntaxes { get; } = [TransferSyntax.Jpeg2000Lossless, TransferSyntax.Jpeg2000];

    public bool CanEncode(TransferSyntax syntax) => syntax.Equals(TransferSyntax.Jpeg2000Lossless);

    /// <summary>OpenJPEG undoes the ICT/RCT colour transform while decoding, so YBR_ICT/YBR_RCT frames come out RGB.</summary>
    public PixelDataInfo DecodedInfo(PixelDataInfo info, TransferSyntax syntax) =>
        info.Photometric is Photometric.YbrIct or Photometric.YbrRct ? info with { Photometric = Photometric.Rgb } : info;

    public PixelDataInfo EncodedInfo(PixelDataInfo info, TransferSyntax syntax) =>
        info with { Photometric = UsesColorTransform(info) ? Photometric.YbrRct : info.Photometric, PlanarConfiguration = 0 };

    public byte[] Decode(ReadOnlySpan<byte> frame, PixelDataInfo info, TransferSyntax syntax)
    {
        OpenJpegNative.Require();
        if (info.BitsAllocated is not (8 or 16))
        {
            throw new UnsupportedPixelDataException($"JPEG 2000 into {info.BitsAllocated} bits allocated is not supported");
        }
        using var codec = opj_create_decompress(IsJp2File(frame) ? CodecJp2 : CodecJ2k);
        if (codec.IsInvalid)
        {
            throw new PixelCodecException(Codec, "the decompressor could not be created");
        }
        var log = new OpenJpegStreams.MessageLog();
        var logHandle = GCHandle.Alloc(log);
        var parameters = (byte*)NativeMemory.AllocZeroed(DecoderParametersBlock);
        try
        {
            OpenJpegStreams.Attach(codec, logHandle);
            opj_set_default_decoder_parameters(parameters);
            if (opj_setup_decoder(codec, parameters) == 0)
            {
                throw new PixelCodecException(Codec, "the decoder could not be set up: " + log);
            }
            fixed (byte* data = frame)
            {
                var source = new OpenJpegStreams.Source { Data = data, Length = frame.Length };
                using var stream = opj_stream_create((nuint)Math.Clamp(frame.Length, 4096, 1 << 20), 1);
                if (stream.IsInvalid)
                {
                    throw new PixelCodecException(Codec, "the input stream could not be created");
                }
                OpenJpegStreams.Attach(stream, &source);
                OpjImage* raw = null;
                var headerRead = opj_read_header(stream, codec, &raw) != 0;
                using var image = new OpenJpegImageHandle(raw);
                if (!headerRead || image.IsInvalid)
                {
                    throw new PixelCodecException(Codec, "the codestream header is invalid: " + log);
                }
                if (opj_decode(codec, stream, image.Image) == 0 || opj_end_decompress(codec, stream) == 0)
                {
                    throw new PixelCodecException(Codec, "the codestream could not be decoded: " + log);
                }
                return ToNative(image.Image, info, DecodedInfo(info, syntax));
            }
        }
        finally
        {
            NativeMemory.Free(parameters);
            logHandle.Free();
        }
    }

    public byte[] Encode(ReadOnlySpan<byte> frame, PixelDataInfo info, TransferSyntax syntax)
    {
        if (!CanEncode(syntax))
        {
            throw new UnsupportedPixelDataException($"{Name} encodes only {TransferSyntax.Jpeg2000Lossless.Name}, not {syntax.Name}");
        }
        if (info.BitsAllocated is not (8 or 16) || info.Photometric.IsSubsampled())
        {
            throw new UnsupportedPixelDataException($"JPEG 2000 encoding of {info.BitsAllocated}-bit {info.Photometric.ToDicom()} data is not supported");
        }
        OpenJpegNative.Require();
        var (values, precision, signed) = Samples(frame, info);
        var count = info.SamplesPerPixel;
        var components = stackalloc OpjImageComponentParameters[count];
        for (var c = 0; c < count; c++)
        {
            components[c] = new OpjImageComponentParameters
            {
                Dx = 1, Dy = 1, Width = (uint)info.Columns, Height = (uint)info.Rows,
                Precision = (uint)precision, Bpp = (uint)precision, Signed = signed ? 1u : 0u,
            };
        }
        using var image = new OpenJpegImageHandle(opj_image_create((uint)count, components, count == 3 ? ColorSpaceSrgb : ColorSpaceGray));
        if (image.IsInvalid)
        {
            throw new PixelCodecException(Codec, "the image could not be allocated");
        }
        var img = image.Image;
        img->X0 = 0;
        img->Y0 = 0;
        img->X1 = (uint)info.Columns;
        img->Y1 = (uint)info.Rows;
        for (var c = 0; c < count; c++)
        {
            values[c].CopyTo(new Span<int>(img->Components[c].Data, values[c].Length));
        }

        using var codec = opj_create_compress(CodecJ2k);
        if (codec.IsInvalid)
        {
            throw new PixelCodecException(Codec, "the compressor could not be created");
        }
        var log = new OpenJpegStreams.MessageLog();
        var sink = new OpenJpegStreams.Sink();
        var logHandle = GCHandle.Alloc(log);
        var sinkHandle = GCHandle.Alloc(sink);
        var parameters = (byte*)NativeMemory.AllocZeroed(EncoderParameters.Block);
        try
        {
            OpenJpegStreams.Attach(codec, logHandle);
            opj_set_default_encoder_parameters(parameters);
            if (!EncoderParameters.LayoutMatches(parameters))
            {
                throw new UnsupportedPixelDataException($"{Library} has an opj_cparameters_t layout this build does not know");
            }
            SetLossless(parameters, info);
            if (opj_setup_encoder(codec, parameters, img) == 0)
            {
                throw new PixelCodecException(Codec, "the encoder could not be set up: " + log);
            }
            using var stream = opj_stream_create(1 << 20, 0);
            if (stream.IsInvalid)
            {
                throw new PixelCodecException(Codec, "the output stream could not be created");
            }
            OpenJpegStreams.Attach(stream, sinkHandle);
            if (opj_start_compress(codec, img, stream) == 0 || opj_encode(codec, stream) == 0 || opj_end_compress(codec, stream) == 0)
            {
                throw new PixelCodecException(Codec, "encoding failed: " + log);
            }
        }
        finally
        {
            NativeMemory.Free(parameters);
            logHandle.Free();
            sinkHandle.Free();
        }
        return EvenLength.Pad(sink.ToArray());
    }

    private static void SetLossless(byte* parameters, PixelDataInfo info)
    {
        *(int*)(parameters + EncoderParameters.LayerCount) = 1;
        *(float*)(parameters + EncoderParameters.LayerRates) = 0;
        *(int*)(parameters + EncoderParameters.DistortionAllocation) = 1;
        *(int*)(parameters + EncoderParameters.Irreversible) = 0;
        // Each decomposition level halves the image; OpenJPEG refuses more levels than the smaller side allows.
        var smaller = Math.Min(info.Rows, info.Columns);
        *(int*)(parameters + EncoderParameters.ResolutionCount) = Math.Clamp(32 - int.LeadingZeroCount(smaller), 1, 6);
        parameters[EncoderParameters.MultiComponentTransform] = UsesColorTransform(info) ? (byte)1 : (byte)0;
    }

    private static bool UsesColorTransform(PixelDataInfo info) => info.SamplesPerPixel == 3 && info.Photometric == Photometric.Rgb;

    /// <summary>
    /// Component values to encode. Signed data sign-extended from Bits Stored is coded as signed samples of that
    /// precision; anything else keeps every allocated bit as unsigned samples, so decoding gives back the same bytes.
    /// </summary>
    private static (int[][] Values, int Precision, bool Signed) Samples(ReadOnlySpan<byte> frame, PixelDataInfo info)
    {
        var planes = SamplePlanes.Read(frame, info, out var precision);
        var values = new int[planes.Length][];
        var signed = info.IsSigned && planes.All(p => p.All(v => FitsSigned(v, info)));
        for (var c = 0; c < planes.Length; c++)
        {
            var plane = planes[c];
            var v = values[c] = new int[plane.Length];
            for (var i = 0; i < plane.Length; i++)
            {
                v[i] = signed ? (info.BitsAllocated == 8 ? (sbyte)plane[i] : (short)plane[i]) : plane[i];
            }
        }
        return (values, signed ? info.BitsStored : precision, signed);
    }

    private static bool FitsSigned(ushort raw, PixelDataInfo info)
    {
        int value = info.BitsAllocated == 8 ? (sbyte)raw : (short)raw;
        var limit = 1 << (info.BitsStored - 1);
        return value >= -limit && value < limit;
    }

    private static byte[] ToNative(OpjImage* image, PixelDataInfo info, PixelDataInfo output)
    {
        if (image->ComponentCount != info.SamplesPerPixel)
        {
            throw new PixelCodecException(Codec, $"the codestream has {image->ComponentCount} components, Samples per Pixel is {info.SamplesPerPixel}");
        }
        var pixels = checked((int)info.PixelCount);
        var samples = info.SamplesPerPixel;
        var bytes = info.BytesPerSample;
        var result = new byte[output.FrameLength];
        for (var c = 0; c < samples; c++)
        {
            var component = image->Components[c];
            if (component.Width != info.Columns || component.Height != info.Rows || component.Dx != 1 || component.Dy != 1)
            {
                throw new PixelCodecException(Codec,
                    $"component {c} is {component.Width}x{component.Height} (subsampling {component.Dx}x{component.Dy}), the attributes say {info.Columns}x{info.Rows}");
            }
            if (component.Precision > info.BitsAllocated || component.Data is null)
            {
                throw new PixelCodecException(Codec, $"component {c} has precision {component.Precision} above Bits Allocated {info.BitsAllocated}");
            }
            var data = new ReadOnlySpan<int>(component.Data, pixels);
            for (var p = 0; p < pixels; p++)
            {
                var o = (output.PlanarConfiguration == 0 ? p * samples + c : c * pixels + p) * bytes;
                if (bytes == 1)
                {
                    result[o] = (byte)data[p];
                }
                else
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(o), (ushort)data[p]);
                }
            }
        }
        return result;
    }

    /// <summary>A JP2 file starts with the 12-byte signature box; a raw codestream with SOC (FF 4F).</summary>
    private static bool IsJp2File(ReadOnlySpan<byte> frame) =>
        frame.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(frame) == 12 && BinaryPrimitives.ReadUInt32BigEndian(frame[4..]) == 0x6A502020;
}
