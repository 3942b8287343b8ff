namespace Edge.Pixels.Codecs.Jpeg;

/// <summary>
/// Decodes 8-bit DCT-based JPEG (baseline, extended, progressive) through TurboJPEG into interleaved samples. The
/// Photometric Interpretation describes the compressed components (PS3.5 8.2.1): YBR_* frames are converted to RGB,
/// RGB frames are taken as they are even when libjpeg would guess YCbCr from the markers.
/// </summary>
internal static unsafe class TurboJpegDecoder
{
    private const string Codec = "JPEG (libturbojpeg)";

    public static byte[] Decode(ReadOnlySpan<byte> jpeg, PixelDataInfo info)
    {
        TurboJpegNative.Require();
        using var handle = TurboJpegNative.tjInitDecompress();
        if (handle.IsInvalid)
        {
            throw new PixelCodecException(Codec, "the decompressor could not be created");
        }
        fixed (byte* source = jpeg)
        {
            var size = (nuint)jpeg.Length;
            if (TurboJpegNative.tjDecompressHeader3(handle, source, size, out var width, out var height, out var subsampling, out var colorspace) != 0)
            {
                throw Failed(handle);
            }
            var samples = colorspace == TurboJpegNative.ColorspaceGray ? 1 : 3;
            if (width != info.Columns || height != info.Rows || samples != info.SamplesPerPixel)
            {
                throw new PixelCodecException(Codec,
                    $"the codestream is {width}x{height} with {samples} samples, the attributes say {info.Columns}x{info.Rows} with {info.SamplesPerPixel}");
            }
            var output = new byte[checked(width * height * samples)];
            if (samples == 3 && info.Photometric == Photometric.Rgb)
            {
                return DecodeComponents(handle, source, size, width, height, subsampling, output);
            }
            fixed (byte* destination = output)
            {
                var format = samples == 1 ? TurboJpegNative.PixelFormatGray : TurboJpegNative.PixelFormatRgb;
                if (TurboJpegNative.tjDecompress2(handle, source, size, destination, width, 0, height, format, TurboJpegNative.FlagAccurateDct) != 0)
                {
                    throw Failed(handle);
                }
            }
            return output;
        }
    }

    /// <summary>
    /// The three components without colour conversion, through the library's raw (YUV planes) output; subsampled
    /// components (4:2:2, 4:2:0) are brought to full size as libjpeg would.
    /// </summary>
    private static byte[] DecodeComponents(TurboJpegHandle handle, byte* source, nuint size, int width, int height, int subsampling, byte[] output)
    {
        if (subsampling is not (TurboJpegNative.Subsampling444 or TurboJpegNative.Subsampling422 or TurboJpegNative.Subsampling420))
        {
            throw new UnsupportedPixelDataException($"RGB JPEG frames with TurboJPEG subsampling {subsampling} are not supported");
        }
        var widths = new int[3];
        var heights = new int[3];
        var offsets = new int[4];
        for (var c = 0; c < 3; c++)
        {
            widths[c] = TurboJpegNative.tjPlaneWidth(c, width, subsampling);
            heights[c] = TurboJpegNative.tjPlaneHeight(c, height, subsampling);
            if (widths[c] <= 0 || heights[c] <= 0)
            {
                throw Failed(handle);
            }
            offsets[c + 1] = offsets[c] + widths[c] * heights[c];
        }
        var planes = new byte[offsets[3]];
        fixed (byte* p = planes)
        {
            var pointers = stackalloc byte*[3] { p, p + offsets[1], p + offsets[2] };
            if (TurboJpegNative.tjDecompressToYUVPlanes(handle, source, size, pointers, width, null, height, TurboJpegNative.FlagAccurateDct) != 0)
            {
                throw Failed(handle);
            }
        }
        for (var c = 0; c < 3; c++)
        {
            var plane = planes.AsSpan(offsets[c], widths[c] * heights[c]);
            var stride = widths[c];
            if (c > 0 && subsampling != TurboJpegNative.Subsampling444)
            {
                plane = ChromaUpsampler.Upsample(plane, widths[c], heights[c], widths[c], vertical: subsampling == TurboJpegNative.Subsampling420);
                stride = widths[c] * 2;
            }
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    output[(y * width + x) * 3 + c] = plane[y * stride + x];
                }
            }
        }
        return output;
    }

    private static PixelCodecException Failed(TurboJpegHandle handle) => new(Codec, TurboJpegNative.LastError(handle));
}
