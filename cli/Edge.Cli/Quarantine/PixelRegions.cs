using System.Globalization;
using System.Text.Json;
using Edge.Cli.Output;
using Edge.Control.V1;

namespace Edge.Cli.Quarantine;

/// <summary>
/// Rectangles of a frame as the command line writes them, <c>X,Y,W,H</c> in pixels from the top-left corner, and as
/// JSON. The daemon masks a region on every frame, as the pixel stage does.
/// </summary>
public static class PixelRegions
{
    public const string HelpName = "X,Y,W,H";

    public static PixelRegion? Parse(string text, out string? problem)
    {
        var parts = text.Split(',');
        var values = new uint[4];
        var valid = parts.Length == 4
            && parts.Select((p, i) => uint.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out values[i])).All(ok => ok);
        problem = !valid ? $"'{text}': expected X,Y,WIDTH,HEIGHT in pixels (for example 0,0,640,40)"
            : values[2] == 0 || values[3] == 0 ? $"'{text}': width and height must be at least 1"
            : null;
        return problem is null ? new PixelRegion { AllFrames = true, X = values[0], Y = values[1], Width = values[2], Height = values[3] } : null;
    }

    public static string Text(PixelRegion r) => string.Create(CultureInfo.InvariantCulture, $"{r.X},{r.Y},{r.Width},{r.Height}");

    /// <summary><c>{"frame": N or null for every frame, "x", "y", "width", "height"}</c>.</summary>
    public static void WriteJson(Utf8JsonWriter w, PixelRegion r)
    {
        w.WriteStartObject();
        w.NumberOrNull("frame", r.AllFrames ? null : r.Frame);
        w.WriteNumber("x", r.X);
        w.WriteNumber("y", r.Y);
        w.WriteNumber("width", r.Width);
        w.WriteNumber("height", r.Height);
        w.WriteEndObject();
    }
}
