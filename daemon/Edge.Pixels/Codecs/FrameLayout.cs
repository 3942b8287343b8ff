namespace Edge.Pixels.Codecs;

/// <summary>Rearranges multi-sample frames between pixel-interleaved and planar order.</summary>
internal static class FrameLayout
{
    /// <summary>R1G1B1R2G2B2… → R1R2…G1G2…B1B2…, each sample <paramref name="bytesPerSample"/> bytes.</summary>
    public static byte[] ToPlanar(ReadOnlySpan<byte> interleaved, int samples, int bytesPerSample)
    {
        var output = new byte[interleaved.Length];
        var pixels = interleaved.Length / (samples * bytesPerSample);
        for (var p = 0; p < pixels; p++)
        {
            for (var s = 0; s < samples; s++)
            {
                interleaved.Slice((p * samples + s) * bytesPerSample, bytesPerSample)
                    .CopyTo(output.AsSpan((s * pixels + p) * bytesPerSample, bytesPerSample));
            }
        }
        return output;
    }

    /// <summary>R1R2…G1G2…B1B2… → R1G1B1R2G2B2….</summary>
    public static byte[] ToInterleaved(ReadOnlySpan<byte> planar, int samples, int bytesPerSample)
    {
        var output = new byte[planar.Length];
        var pixels = planar.Length / (samples * bytesPerSample);
        for (var s = 0; s < samples; s++)
        {
            for (var p = 0; p < pixels; p++)
            {
                planar.Slice((s * pixels + p) * bytesPerSample, bytesPerSample)
                    .CopyTo(output.AsSpan((p * samples + s) * bytesPerSample, bytesPerSample));
            }
        }
        return output;
    }

    /// <summary>A frame in the planar configuration <paramref name="wanted"/> from one in <paramref name="actual"/>.</summary>
    public static byte[] Arrange(byte[] frame, int samples, int bytesPerSample, int actual, int wanted) =>
        samples == 1 || actual == wanted ? frame
        : wanted == 1 ? ToPlanar(frame, samples, bytesPerSample) : ToInterleaved(frame, samples, bytesPerSample);
}
