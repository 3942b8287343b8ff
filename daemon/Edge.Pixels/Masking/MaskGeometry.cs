namespace Edge.Pixels.Masking;

/// <summary>Rectangles made ready for masking: clipped to the frame, merged where they overlap.</summary>
public static class MaskGeometry
{
    /// <summary>
    /// Each rectangle clipped to a <paramref name="columns"/>×<paramref name="rows"/> frame; overlapping results merged
    /// into their bounding box until none overlap. Empty rectangles are dropped.
    /// </summary>
    public static IReadOnlyList<PixelRect> Prepare(IEnumerable<PixelRect> rectangles, int columns, int rows)
    {
        ArgumentNullException.ThrowIfNull(rectangles);
        var frame = new PixelRect(0, 0, columns, rows);
        var list = rectangles.Select(r => r.Intersect(frame)).Where(r => r.Area > 0).ToList();
        bool merged;
        do
        {
            merged = false;
            for (var i = 0; i < list.Count && !merged; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    if (list[i].Intersects(list[j]))
                    {
                        list[i] = Union(list[i], list[j]);
                        list.RemoveAt(j);
                        merged = true;
                        break;
                    }
                }
            }
        }
        while (merged);
        return [.. list.OrderBy(r => r.Top).ThenBy(r => r.Left)];
    }

    /// <summary>Rectangles widened to even left and right edges, for frames whose pixel pairs share chroma.</summary>
    internal static IReadOnlyList<PixelRect> ToPixelPairs(IReadOnlyList<PixelRect> rectangles, int columns)
    {
        return [.. rectangles.Select(r =>
        {
            var left = r.Left & ~1;
            var right = Math.Min(columns, (r.Right + 1) & ~1);
            return new PixelRect(left, r.Top, right - left, r.Height);
        })];
    }

    public static PixelRect Union(PixelRect a, PixelRect b)
    {
        var left = Math.Min(a.Left, b.Left);
        var top = Math.Min(a.Top, b.Top);
        return new PixelRect(left, top, Math.Max(a.Right, b.Right) - left, Math.Max(a.Bottom, b.Bottom) - top);
    }
}
