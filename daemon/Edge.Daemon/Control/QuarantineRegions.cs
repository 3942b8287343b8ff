using System.Globalization;
using Edge.Control.Methods;
using Edge.Control.V1;
using Edge.Control.Wire;
using Edge.Pixels;

namespace Edge.Daemon.Control;

/// <summary>
/// The contract's regions as frame rectangles and back. The pixel stage masks the same rectangles on every frame (a
/// burned-in overlay does not move), so a region given for one frame is masked on all of them: more, never less.
/// </summary>
internal static class QuarantineRegions
{
    /// <summary>
    /// Reviewer regions checked against a <paramref name="columns"/>×<paramref name="rows"/> frame: each must be
    /// non-empty and start inside it; what extends past the frame's edge is clipped.
    /// </summary>
    public static IReadOnlyList<PixelRect> ToRectangles(IEnumerable<PixelRegion> regions, int columns, int rows)
    {
        var rectangles = new List<PixelRect>();
        foreach (var r in regions)
        {
            if (r.Width == 0 || r.Height == 0 || r.X >= columns || r.Y >= rows)
            {
                throw new ControlRpcException(StatusCode.InvalidArgument,
                    $"The region {Text(r)} is empty or outside the {columns}x{rows} frame.");
            }
            var x = (int)r.X;
            var y = (int)r.Y;
            rectangles.Add(new PixelRect(x, y, (int)Math.Min(r.Width, (uint)(columns - x)), (int)Math.Min(r.Height, (uint)(rows - y))));
        }
        return rectangles;
    }

    public static PixelRegion ToRegion(PixelRect r) =>
        new() { AllFrames = true, X = (uint)r.Left, Y = (uint)r.Top, Width = (uint)r.Width, Height = (uint)r.Height };

    /// <summary>"x,y,w,h" separated by spaces, for the audit trail (positions only, never pixels).</summary>
    public static string Text(IEnumerable<PixelRect> rectangles) =>
        string.Join(' ', rectangles.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Left},{r.Top},{r.Width},{r.Height}")));

    private static string Text(PixelRegion r) => string.Create(CultureInfo.InvariantCulture, $"{r.X},{r.Y},{r.Width},{r.Height}");
}
