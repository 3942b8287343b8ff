using Edge.Pixels.Rendering;

namespace Edge.Pixels.Masking;

/// <summary>
/// The raw samples a masked pixel gets: what displays as black. Monochrome frames take the darkest stored value of the
/// first frame (the minimum for MONOCHROME2, the maximum for MONOCHROME1, swapped by a negative rescale slope) so a
/// viewer's automatic window is not stretched by an out-of-range value; palette frames the index of the darkest
/// colour found there; colour frames black (RGB 0, YBR luminance at its floor with neutral chroma).
/// </summary>
internal sealed record FillValue(uint[] Samples)
{
    public static FillValue For(PixelDataInfo info, ReadOnlySpan<byte> firstFrame, DisplayParameters display)
    {
        var half = info.BitsStored > 1 ? 1u << (info.BitsStored - 1) : 0u;
        var scale = Math.Max(0, info.BitsStored - 8);
        return info.Photometric switch
        {
            Photometric.Monochrome1 or Photometric.Monochrome2 => new FillValue([Darkest(info, firstFrame, display)]),
            Photometric.PaletteColor => new FillValue([DarkestPalette(info, firstFrame)]),
            Photometric.YbrFull or Photometric.YbrFull422 => new FillValue([0, half, half]),
            Photometric.YbrPartial422 or Photometric.YbrPartial420 => new FillValue([16u << scale, 128u << scale, 128u << scale]),
            _ => new FillValue([0, 0, 0]),
        };
    }

    private static uint Darkest(PixelDataInfo info, ReadOnlySpan<byte> frame, DisplayParameters display)
    {
        // Dark is low after the modality rescale on MONOCHROME2, high on MONOCHROME1.
        var wantLow = (info.Photometric == Photometric.Monochrome2) == (display.RescaleSlope >= 0);
        if (info.BitsAllocated == 1)
        {
            return wantLow ? 0u : 1u;
        }
        var count = (int)info.PixelCount;
        var best = 0;
        var bestValue = GreyscaleRenderer.StoredValue(frame, info, 0);
        for (var i = 1; i < count; i++)
        {
            var v = GreyscaleRenderer.StoredValue(frame, info, i);
            if (wantLow ? v < bestValue : v > bestValue)
            {
                best = i;
                bestValue = v;
            }
        }
        // The raw sample, bits outside Bits Stored included, so the pixel is exactly one the frame already has.
        return NativeSamples.Read(frame, best * info.BytesPerSample, info.BytesPerSample);
    }

    private static uint DarkestPalette(PixelDataInfo info, ReadOnlySpan<byte> frame)
    {
        var lut = info.Palette ?? throw new InvalidPixelDataException("RedPaletteColorLookupTableDescriptor", "is missing for a PALETTE COLOR image");
        var count = (int)info.PixelCount;
        var best = 0;
        var bestLuma = int.MaxValue;
        for (var i = 0; i < count; i++)
        {
            var (r, g, b) = lut.Lookup8(GreyscaleRenderer.StoredValue(frame, info, i));
            var luma = 299 * r + 587 * g + 114 * b;
            if (luma < bestLuma)
            {
                best = i;
                bestLuma = luma;
            }
        }
        return NativeSamples.Read(frame, best * info.BytesPerSample, info.BytesPerSample);
    }
}
