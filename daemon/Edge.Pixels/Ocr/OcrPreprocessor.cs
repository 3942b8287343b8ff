using Edge.Pixels.Rendering;

namespace Edge.Pixels.Ocr;

/// <summary>
/// Versions of a grey view prepared for overlay text: upscaled when small, inverted (Tesseract prefers dark text on
/// light), and binarised at a few thresholds so bright text separates from bright anatomy.
/// </summary>
internal static class OcrPreprocessor
{
    /// <summary>A prepared image and the factor its coordinates are scaled by relative to the frame.</summary>
    public sealed record Variant(string Name, GreyImage Image, int Scale);

    public static IEnumerable<Variant> Variants(GreyImage frame, OcrOptions options)
    {
        var scale = Math.Min(frame.Width, frame.Height) < options.UpscaleBelow ? Math.Max(1, options.UpscaleFactor) : 1;
        var image = scale > 1 ? Upscale(frame, scale) : frame;
        yield return new Variant("grey", image, scale);
        if (options.IncludeInverted)
        {
            yield return new Variant("inverted", Map(image, v => (byte)(255 - v)), scale);
        }
        foreach (var threshold in options.Thresholds)
        {
            yield return new Variant($"above {threshold}", Map(image, v => v >= threshold ? (byte)0 : (byte)255), scale);
        }
    }

    private static GreyImage Map(GreyImage image, Func<byte, byte> f)
    {
        var pixels = new byte[image.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = f(image.Pixels[i]);
        }
        return new GreyImage(image.Width, image.Height, pixels);
    }

    /// <summary>Bilinear upscaling by an integer factor, sampling at pixel centres.</summary>
    internal static GreyImage Upscale(GreyImage image, int factor)
    {
        var width = image.Width * factor;
        var height = image.Height * factor;
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var sy = Math.Clamp((y + 0.5) / factor - 0.5, 0, image.Height - 1);
            var y0 = (int)sy;
            var y1 = Math.Min(y0 + 1, image.Height - 1);
            var fy = sy - y0;
            for (var x = 0; x < width; x++)
            {
                var sx = Math.Clamp((x + 0.5) / factor - 0.5, 0, image.Width - 1);
                var x0 = (int)sx;
                var x1 = Math.Min(x0 + 1, image.Width - 1);
                var fx = sx - x0;
                var top = image[x0, y0] * (1 - fx) + image[x1, y0] * fx;
                var bottom = image[x0, y1] * (1 - fx) + image[x1, y1] * fx;
                pixels[y * width + x] = (byte)Math.Round(top * (1 - fy) + bottom * fy);
            }
        }
        return new GreyImage(width, height, pixels);
    }
}
