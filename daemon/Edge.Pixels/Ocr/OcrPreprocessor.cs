using Edge.Pixels.Rendering;

namespace Edge.Pixels.Ocr;

/// <summary>
/// Versions of a grey view prepared for overlay text: upscaled when small, inverted (Tesseract prefers dark text on
/// light), and binarised at a few thresholds so bright text separates from bright anatomy.
/// </summary>
internal static class OcrPreprocessor
{
    /// <summary>
    /// A prepared image; a point (x, y) of it is (x × <see cref="Down"/> / <see cref="Up"/>, ...) in the frame.
    /// </summary>
    public sealed record Variant(string Name, GreyImage Image, int Up, int Down);

    /// <param name="upscale">Overrides <see cref="OcrOptions.UpscaleFactor"/> for an image known to hold small text.</param>
    public static IEnumerable<Variant> Variants(GreyImage frame, OcrOptions options, int? upscale = null)
    {
        var up = Math.Min(frame.Width, frame.Height) < options.UpscaleBelow ? Math.Max(1, upscale ?? options.UpscaleFactor) : 1;
        var largest = Math.Max(frame.Width, frame.Height);
        var down = up == 1 && largest > options.DownscaleAbove ? (largest + options.DownscaleAbove - 1) / options.DownscaleAbove : 1;
        var image = up > 1 ? Upscale(frame, up) : down > 1 ? Downscale(frame, down) : frame;
        yield return new Variant("grey", image, up, down);
        if (options.IncludeInverted)
        {
            yield return new Variant("inverted", Map(image, v => (byte)(255 - v)), up, down);
        }
        foreach (var threshold in options.Thresholds)
        {
            yield return new Variant($"above {threshold}", Map(image, v => v >= threshold ? (byte)0 : (byte)255), up, down);
        }
    }

    /// <summary>Reduction by a whole factor, each output pixel the mean of its block.</summary>
    internal static GreyImage Downscale(GreyImage image, int factor)
    {
        var width = Math.Max(1, image.Width / factor);
        var height = Math.Max(1, image.Height / factor);
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0;
                for (var dy = 0; dy < factor; dy++)
                {
                    for (var dx = 0; dx < factor; dx++)
                    {
                        sum += image[x * factor + dx, y * factor + dy];
                    }
                }
                pixels[y * width + x] = (byte)(sum / (factor * factor));
            }
        }
        return new GreyImage(width, height, pixels);
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
