namespace Edge.Pixels.Codecs.Jpeg;

/// <summary>
/// Brings subsampled JPEG components back to full size with the triangular ("fancy") filter libjpeg applies by
/// default — each output sample weighs its nearer input sample 3 to 1 against the next one — so frames decoded
/// without colour conversion match DCMTK's and GDCM's output.
/// </summary>
internal static class ChromaUpsampler
{
    /// <summary>Upsamples a plane of <paramref name="width"/>x<paramref name="height"/> by 2 horizontally, and vertically when asked.</summary>
    public static byte[] Upsample(ReadOnlySpan<byte> plane, int width, int height, int stride, bool vertical)
    {
        var outWidth = width * 2;
        var outHeight = vertical ? height * 2 : height;
        var output = new byte[outWidth * outHeight];
        if (!vertical)
        {
            for (var y = 0; y < height; y++)
            {
                Horizontal(plane.Slice(y * stride, width), output.AsSpan(y * outWidth, outWidth));
            }
            return output;
        }
        var sums = new int[width];
        for (var y = 0; y < height; y++)
        {
            var row = plane.Slice(y * stride, width);
            // Upper output row leans on the row above, lower on the row below; edges repeat themselves.
            var above = plane.Slice(Math.Max(0, y - 1) * stride, width);
            var below = plane.Slice(Math.Min(height - 1, y + 1) * stride, width);
            ColumnSums(row, above, sums);
            Diagonal(sums, output.AsSpan(2 * y * outWidth, outWidth));
            ColumnSums(row, below, sums);
            Diagonal(sums, output.AsSpan((2 * y + 1) * outWidth, outWidth));
        }
        return output;
    }

    private static void Horizontal(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var n = input.Length;
        if (n == 1)
        {
            output[0] = output[1] = input[0];
            return;
        }
        output[0] = input[0];
        output[1] = (byte)((input[0] * 3 + input[1] + 2) >> 2);
        for (var c = 1; c < n - 1; c++)
        {
            output[2 * c] = (byte)((input[c] * 3 + input[c - 1] + 1) >> 2);
            output[2 * c + 1] = (byte)((input[c] * 3 + input[c + 1] + 2) >> 2);
        }
        output[2 * n - 2] = (byte)((input[n - 1] * 3 + input[n - 2] + 1) >> 2);
        output[2 * n - 1] = input[n - 1];
    }

    private static void ColumnSums(ReadOnlySpan<byte> row, ReadOnlySpan<byte> neighbour, int[] sums)
    {
        for (var c = 0; c < row.Length; c++)
        {
            sums[c] = row[c] * 3 + neighbour[c];
        }
    }

    private static void Diagonal(int[] sums, Span<byte> output)
    {
        var n = sums.Length;
        if (n == 1)
        {
            output[0] = (byte)((sums[0] * 4 + 8) >> 4);
            output[1] = (byte)((sums[0] * 4 + 7) >> 4);
            return;
        }
        output[0] = (byte)((sums[0] * 4 + 8) >> 4);
        output[1] = (byte)((sums[0] * 3 + sums[1] + 7) >> 4);
        for (var c = 1; c < n - 1; c++)
        {
            output[2 * c] = (byte)((sums[c] * 3 + sums[c - 1] + 8) >> 4);
            output[2 * c + 1] = (byte)((sums[c] * 3 + sums[c + 1] + 7) >> 4);
        }
        output[2 * n - 2] = (byte)((sums[n - 1] * 3 + sums[n - 2] + 8) >> 4);
        output[2 * n - 1] = (byte)((sums[n - 1] * 4 + 7) >> 4);
    }
}
