using System.Buffers.Binary;

namespace Edge.Pixels.Rendering;

/// <summary>
/// Turns a native frame into an 8-bit grey view: monochrome through rescale and the VOI window (or the frame's
/// min/max), MONOCHROME1 inverted so ink is dark as displayed; colour and palette frames by their luminance.
/// </summary>
public static class GreyscaleRenderer
{
    /// <param name="frame">A native frame laid out as <paramref name="info"/> describes (see PixelFrames.FrameInfo).</param>
    public static GreyImage Render(ReadOnlySpan<byte> frame, PixelDataInfo info, DisplayParameters? display = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (frame.Length < info.FrameLength)
        {
            throw new InvalidPixelDataException("PixelData", $"a frame of {frame.Length} bytes is shorter than the {info.FrameLength} its attributes need");
        }
        var pixels = info.Photometric switch
        {
            Photometric.Monochrome1 or Photometric.Monochrome2 => Monochrome(frame, info, display ?? DisplayParameters.Identity),
            Photometric.PaletteColor => Palette(frame, info),
            _ => Color(frame, info),
        };
        return new GreyImage(info.Columns, info.Rows, pixels);
    }

    private static byte[] Monochrome(ReadOnlySpan<byte> frame, PixelDataInfo info, DisplayParameters display)
    {
        var count = checked((int)info.PixelCount);
        double min = 0, max = 0;
        var windowed = display.WindowCenter is not null && display.WindowWidth is not null;
        if (!windowed)
        {
            // Without a window the frame's own stored range is stretched; rescale is linear, so its ends map to the ends.
            int low = int.MaxValue, high = int.MinValue;
            for (var i = 0; i < count; i++)
            {
                var v = StoredValue(frame, info, i);
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
            min = Math.Min(Modality(low, display), Modality(high, display));
            max = Math.Max(Modality(low, display), Modality(high, display));
        }
        var output = new byte[count];
        var invert = info.Photometric == Photometric.Monochrome1;
        for (var i = 0; i < count; i++)
        {
            var value = Modality(StoredValue(frame, info, i), display);
            var grey = windowed ? Window(value, display.WindowCenter!.Value, display.WindowWidth!.Value)
                : max > min ? (value - min) * 255 / (max - min) : 0;
            var b = (byte)Math.Clamp(Math.Round(grey), 0, 255);
            output[i] = invert ? (byte)(255 - b) : b;
        }
        return output;
    }

    private static double Modality(int stored, DisplayParameters display) => stored * display.RescaleSlope + display.RescaleIntercept;

    /// <summary>The linear VOI function of PS3.3 C.11.2.1.2.1 onto 0-255.</summary>
    private static double Window(double x, double center, double width)
    {
        var low = center - 0.5 - (width - 1) / 2;
        var high = center - 0.5 + (width - 1) / 2;
        if (x <= low)
        {
            return 0;
        }
        if (x > high)
        {
            return 255;
        }
        return width <= 1 ? 255 : ((x - (center - 0.5)) / (width - 1) + 0.5) * 255;
    }

    /// <summary>Stored value of sample 0 of pixel <paramref name="index"/> of a single-sample frame: bits HighBit-BitsStored+1..HighBit, sign-extended when signed.</summary>
    internal static int StoredValue(ReadOnlySpan<byte> frame, PixelDataInfo info, int index)
    {
        long raw = info.BitsAllocated switch
        {
            1 => (frame[index >> 3] >> (index & 7)) & 1,
            8 => frame[index],
            16 => BinaryPrimitives.ReadUInt16LittleEndian(frame[(index * 2)..]),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(frame[(index * 4)..]),
        };
        var shift = info.HighBit + 1 - info.BitsStored;
        var value = (raw >> shift) & ((1L << info.BitsStored) - 1);
        if (info.IsSigned && info.BitsStored > 1 && (value & (1L << (info.BitsStored - 1))) != 0)
        {
            value -= 1L << info.BitsStored;
        }
        return (int)Math.Clamp(value, int.MinValue, int.MaxValue);
    }

    private static byte[] Palette(ReadOnlySpan<byte> frame, PixelDataInfo info)
    {
        var lut = info.Palette ?? throw new InvalidPixelDataException("RedPaletteColorLookupTableDescriptor", "is missing for a PALETTE COLOR image");
        var count = checked((int)info.PixelCount);
        var output = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var (r, g, b) = lut.Lookup8(StoredValue(frame, info, i));
            output[i] = Luminance(r, g, b);
        }
        return output;
    }

    private static byte[] Color(ReadOnlySpan<byte> frame, PixelDataInfo info)
    {
        var count = checked((int)info.PixelCount);
        var output = new byte[count];
        var planar = info.PlanarConfiguration == 1;
        for (var p = 0; p < count; p++)
        {
            // YBR_*_422 holds two luminance samples, then Cb and Cr, per pair of pixels (PS3.3 C.7.6.3.1.2).
            var pairLuma = (p / 2) * 4 + (p & 1);
            output[p] = info.Photometric switch
            {
                Photometric.Rgb => Luminance(
                    Sample8(frame, info, planar ? p : p * 3),
                    Sample8(frame, info, planar ? count + p : p * 3 + 1),
                    Sample8(frame, info, planar ? 2 * count + p : p * 3 + 2)),
                Photometric.YbrFull422 => Sample8(frame, info, pairLuma),
                Photometric.YbrPartial422 => PartialLuma(Sample8(frame, info, pairLuma)),
                Photometric.YbrPartial420 => PartialLuma(Sample8(frame, info, planar ? p : p * 3)),
                _ => Sample8(frame, info, planar ? p : p * 3),
            };
        }
        return output;
    }

    /// <summary>Sample <paramref name="index"/> of a frame brought to 8 bits by dropping the low bits of Bits Stored.</summary>
    private static byte Sample8(ReadOnlySpan<byte> frame, PixelDataInfo info, int index)
    {
        var raw = info.BytesPerSample switch
        {
            1 => frame[index],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(frame[(index * 2)..]),
            _ => (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(frame[(index * 4)..])),
        };
        return (byte)Math.Clamp(raw >> Math.Max(0, info.BitsStored - 8), 0, 255);
    }

    private static byte Luminance(int r, int g, int b) => (byte)Math.Clamp((299 * r + 587 * g + 114 * b + 500) / 1000, 0, 255);

    /// <summary>YBR_PARTIAL luminance spans 16-235.</summary>
    private static byte PartialLuma(int y) => (byte)Math.Clamp((y - 16) * 255 / 219, 0, 255);
}
