namespace Edge.Pixels.Masking;

/// <summary>Fills rectangles of a native frame with a <see cref="FillValue"/>; every other byte stays as it was.</summary>
internal static class FrameFiller
{
    /// <param name="rectangles">Already clipped to the frame (and, for YBR_*_422, to whole pixel pairs).</param>
    public static void Fill(Span<byte> frame, PixelDataInfo info, IReadOnlyList<PixelRect> rectangles, FillValue fill)
    {
        foreach (var r in rectangles)
        {
            if (info.BitsAllocated == 1)
            {
                FillBits(frame, info, r, fill.Samples[0] != 0);
                continue;
            }
            var bytes = info.BytesPerSample;
            for (var y = r.Top; y < r.Bottom; y++)
            {
                for (var x = r.Left; x < r.Right; x++)
                {
                    NativeSamples.Write(frame, NativeSamples.Offset(info, x, y, 0), bytes, fill.Samples[0]);
                    // Shared chroma is written once per pair, from its first pixel.
                    if (info.SamplesPerPixel == 3 && (!info.Photometric.IsSubsampled() || (x & 1) == 0))
                    {
                        NativeSamples.Write(frame, NativeSamples.Offset(info, x, y, 1), bytes, fill.Samples[1]);
                        NativeSamples.Write(frame, NativeSamples.Offset(info, x, y, 2), bytes, fill.Samples[2]);
                    }
                }
            }
        }
    }

    private static void FillBits(Span<byte> frame, PixelDataInfo info, PixelRect r, bool set)
    {
        for (var y = r.Top; y < r.Bottom; y++)
        {
            for (var x = r.Left; x < r.Right; x++)
            {
                var i = y * info.Columns + x;
                // 1-bit samples are packed least significant bit first (PS3.5 D.2).
                if (set)
                {
                    frame[i >> 3] |= (byte)(1 << (i & 7));
                }
                else
                {
                    frame[i >> 3] &= (byte)~(1 << (i & 7));
                }
            }
        }
    }
}
