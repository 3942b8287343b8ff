using Edge.Testing;

namespace Edge.Pixels.Tests;

/// <summary>
/// Text drawn as a scanner burns it in: DejaVu Sans Mono Bold rendered by PIL (as seed_phi.py does), thresholded to
/// a mask of ink pixels.
/// </summary>
internal sealed class RenderedText
{
    private const string Script = """
        import sys
        from PIL import Image, ImageDraw, ImageFont
        w, h, x, y, size = map(int, sys.argv[1:6])
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", size)
        img = Image.new("L", (w, h), 0)
        ImageDraw.Draw(img).text((x, y), sys.argv[6], fill=255, font=font)
        sys.stdout.buffer.write(bytes(1 if p > 127 else 0 for p in img.getdata()))
        """;

    private readonly bool[] _ink;

    private RenderedText(int width, bool[] ink)
    {
        Width = width;
        _ink = ink;
    }

    public int Width { get; }

    public bool this[int x, int y] => _ink[y * Width + x];

    /// <summary>The bounding box of the ink.</summary>
    public PixelRect Box
    {
        get
        {
            int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
            for (var i = 0; i < _ink.Length; i++)
            {
                if (_ink[i])
                {
                    left = Math.Min(left, i % Width);
                    right = Math.Max(right, i % Width);
                    top = Math.Min(top, i / Width);
                    bottom = Math.Max(bottom, i / Width);
                }
            }
            return new PixelRect(left, top, right - left + 1, bottom - top + 1);
        }
    }

    public static RenderedText Draw(string text, int width, int height, int x, int y, int size)
    {
        ExternalTool.Require("/usr/bin/python3");
        Skip.IfNot(File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"), "The DejaVu fonts are not installed.");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", Script, width.ToString(inv), height.ToString(inv), x.ToString(inv), y.ToString(inv), size.ToString(inv), text })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = System.Diagnostics.Process.Start(psi)!;
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        var bytes = ms.ToArray();
        if (p.ExitCode != 0 || bytes.Length != width * height)
        {
            throw new InvalidOperationException($"PIL could not draw the text (exit {p.ExitCode}, {bytes.Length} bytes)");
        }
        return new RenderedText(width, [.. bytes.Select(b => b != 0)]);
    }
}
