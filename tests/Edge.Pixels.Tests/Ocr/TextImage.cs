using Edge.Pixels.Rendering;

namespace Edge.Pixels.Tests.Ocr;

/// <summary>Draws white text on black with a tiny built-in 5x7 font, as an overlay on a frame would look.</summary>
internal static class TextImage
{
    private static readonly Dictionary<char, string[]> s_glyphs = new()
    {
        ['E'] = ["11111", "10000", "10000", "11110", "10000", "10000", "11111"],
        ['D'] = ["11110", "10001", "10001", "10001", "10001", "10001", "11110"],
        ['G'] = ["01110", "10001", "10000", "10111", "10001", "10001", "01111"],
        ['0'] = ["01110", "10001", "10001", "10001", "10001", "10001", "01110"],
        ['2'] = ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
        ['4'] = ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
        [' '] = ["00000", "00000", "00000", "00000", "00000", "00000", "00000"],
    };

    public static GreyImage Render(string text, int width, int height, int scale)
    {
        var pixels = new byte[width * height];
        var x0 = 4 * scale;
        var y0 = (height - 7 * scale) / 2;
        foreach (var ch in text)
        {
            var glyph = s_glyphs[ch];
            for (var gy = 0; gy < 7; gy++)
            {
                for (var gx = 0; gx < 5; gx++)
                {
                    if (glyph[gy][gx] != '1')
                    {
                        continue;
                    }
                    for (var dy = 0; dy < scale; dy++)
                    {
                        for (var dx = 0; dx < scale; dx++)
                        {
                            var x = x0 + gx * scale + dx;
                            var y = y0 + gy * scale + dy;
                            if (x < width && y < height)
                            {
                                pixels[y * width + x] = 255;
                            }
                        }
                    }
                }
            }
            x0 += 6 * scale;
        }
        return new GreyImage(width, height, pixels);
    }
}
