using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static Edge.Pixels.Codecs.Jpeg.TurboJpegNative;

namespace Edge.Pixels.Codecs.Jpeg;

/// <summary>
/// Masks rectangles of an 8-bit DCT JPEG frame without decoding it to pixels: TurboJPEG's lossless transform hands
/// each row of coefficient blocks to a filter, which makes every block touching a rectangle flat black (the quantised
/// DC of sample 0, no AC) and leaves all other blocks exactly as they were — no second lossy generation. The masked
/// area is the rectangles grown to whole blocks (to whole MCUs for subsampled chroma, which turns neutral).
/// </summary>
internal static unsafe class JpegDctMasker
{
    private const string Codec = "JPEG DCT masking (libturbojpeg)";

    /// <param name="componentsAreYCbCr">True when the three components are Y, Cb, Cr (black is Y 0 with neutral
    /// chroma); false for RGB components (black is 0 in each). Ignored for one component.</param>
    public static byte[] Mask(ReadOnlySpan<byte> jpeg, IReadOnlyList<PixelRect> rectangles, bool componentsAreYCbCr)
    {
        ArgumentNullException.ThrowIfNull(rectangles);
        var header = JpegFrameHeader.Read(jpeg);
        if (header.IsLossless || header.Precision != 8)
        {
            throw new UnsupportedPixelDataException("Only 8-bit DCT JPEG frames can be masked in the coefficient domain");
        }
        var quantDc = QuantisationDc(jpeg);
        var context = new MaskContext(header, rectangles, quantDc, componentsAreYCbCr);
        TurboJpegNative.Require();
        using var handle = tjInitTransform();
        if (handle.IsInvalid)
        {
            throw new PixelCodecException(Codec, "the transformer could not be created");
        }
        var contextHandle = GCHandle.Alloc(context);
        byte* output = null;
        try
        {
            var transform = new TjTransform
            {
                Operation = OperationNone,
                Data = (void*)GCHandle.ToIntPtr(contextHandle),
                CustomFilter = &Filter,
            };
            nuint outputSize = 0;
            fixed (byte* source = jpeg)
            {
                if (tjTransform(handle, source, (nuint)jpeg.Length, 1, &output, &outputSize, &transform, 0) != 0)
                {
                    throw new PixelCodecException(Codec, context.Failure ?? LastError(handle));
                }
            }
            return EvenLength.Pad(new ReadOnlySpan<byte>(output, checked((int)outputSize)));
        }
        finally
        {
            if (output is not null)
            {
                tjFree(output);
            }
            contextHandle.Free();
        }
    }

    [UnmanagedCallersOnly]
    private static int Filter(short* coefficients, TjRegion array, TjRegion plane, int component, int transformIndex, TjTransform* transform)
    {
        if (GCHandle.FromIntPtr((nint)transform->Data).Target is not MaskContext context)
        {
            return -1;
        }
        return context.Apply(coefficients, array, component) ? 0 : -1;
    }

    /// <summary>The first (DC) entry of each quantisation table the frame defines, by table id.</summary>
    private static int[] QuantisationDc(ReadOnlySpan<byte> jpeg)
    {
        var dc = new int[4];
        var at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
        {
            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }
            if (marker is 0xDA or 0xD9)
            {
                break;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (marker == 0xDB)
            {
                var body = jpeg.Slice(at + 4, Math.Min(length - 2, jpeg.Length - at - 4));
                for (var i = 0; i < body.Length;)
                {
                    var wide = body[i] >> 4 == 1;
                    var id = body[i] & 0x0F;
                    if (id > 3 || i + 1 + (wide ? 2 : 1) > body.Length)
                    {
                        throw new PixelCodecException(Codec, "a quantisation table is malformed");
                    }
                    dc[id] = wide ? BinaryPrimitives.ReadUInt16BigEndian(body[(i + 1)..]) : body[i + 1];
                    i += 1 + (wide ? 128 : 64);
                }
            }
            at += 2 + length;
        }
        return dc;
    }

    /// <summary>What the filter needs, per component: sampling, black DC value, and the rectangles.</summary>
    private sealed class MaskContext
    {
        private readonly JpegFrameHeader _header;
        private readonly IReadOnlyList<PixelRect> _rectangles;
        private readonly short[] _blackDc;
        private readonly int _maxH;
        private readonly int _maxV;

        public MaskContext(JpegFrameHeader header, IReadOnlyList<PixelRect> rectangles, int[] quantDc, bool ycbcr)
        {
            _header = header;
            _rectangles = rectangles;
            _maxH = header.Components.Max(c => c.H);
            _maxV = header.Components.Max(c => c.V);
            _blackDc = new short[header.Components.Length];
            for (var c = 0; c < _blackDc.Length; c++)
            {
                var q = quantDc[header.Components[c].QuantTable & 3];
                if (q <= 0)
                {
                    throw new PixelCodecException(Codec, $"component {c} uses an undefined quantisation table");
                }
                // Sample 0 is -128 after the level shift, and the DC coefficient is 8 times a block's mean.
                var chroma = ycbcr && c > 0;
                _blackDc[c] = chroma ? (short)0 : (short)Math.Round(-1024.0 / q);
            }
        }

        public string? Failure { get; private set; }

        public bool Apply(short* coefficients, TjRegion array, int component)
        {
            if ((uint)component >= (uint)_blackDc.Length)
            {
                Failure = $"the filter was called for component {component}, the frame has {_blackDc.Length}";
                return false;
            }
            var c = _header.Components[component];
            var blocksPerRow = array.W / 8;
            for (var row = 0; row < array.H / 8; row++)
            {
                var blockTop = array.Y + row * 8;
                for (var bx = 0; bx < blocksPerRow; bx++)
                {
                    if (!Touches(bx * 8, blockTop, c))
                    {
                        continue;
                    }
                    var block = coefficients + (row * blocksPerRow + bx) * 64;
                    new Span<short>(block, 64).Clear();
                    block[0] = _blackDc[component];
                }
            }
            return true;
        }

        /// <summary>Whether the 8x8 block at (x, y) of a component's plane covers any rectangle pixel.</summary>
        private bool Touches(int x, int y, JpegComponent c)
        {
            foreach (var r in _rectangles)
            {
                // Image pixels to component samples: a component with H of max H has H/maxH as many columns.
                var left = r.Left * c.H / _maxH;
                var right = (r.Right * c.H + _maxH - 1) / _maxH;
                var top = r.Top * c.V / _maxV;
                var bottom = (r.Bottom * c.V + _maxV - 1) / _maxV;
                if (left < x + 8 && right > x && top < y + 8 && bottom > y)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
