using System.Buffers.Binary;

namespace Edge.Pixels.Tests;

/// <summary>Comparisons of native frames.</summary>
internal static class NativeFrames
{
    /// <summary>Largest absolute difference between samples of two frames of the same layout.</summary>
    public static int MaxDifference(byte[] a, byte[] b, int bytesPerSample)
    {
        var max = 0;
        for (var i = 0; i + bytesPerSample <= Math.Min(a.Length, b.Length); i += bytesPerSample)
        {
            var x = bytesPerSample == 1 ? a[i] : BinaryPrimitives.ReadUInt16LittleEndian(a.AsSpan(i));
            var y = bytesPerSample == 1 ? b[i] : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i));
            max = Math.Max(max, Math.Abs(x - y));
        }
        return max;
    }

    public static double MeanDifference(byte[] a, byte[] b)
    {
        long total = 0;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            total += Math.Abs(a[i] - b[i]);
        }
        return (double)total / Math.Max(1, a.Length);
    }
}
