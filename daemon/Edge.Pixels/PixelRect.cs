namespace Edge.Pixels;

/// <summary>A rectangle in frame pixels: left and top inclusive, <see cref="Width"/> by <see cref="Height"/>.</summary>
public readonly record struct PixelRect(int Left, int Top, int Width, int Height)
{
    public int Right => Left + Width;
    public int Bottom => Top + Height;
    public long Area => (long)Math.Max(0, Width) * Math.Max(0, Height);

    public PixelRect Intersect(PixelRect other)
    {
        var left = Math.Max(Left, other.Left);
        var top = Math.Max(Top, other.Top);
        var right = Math.Min(Right, other.Right);
        var bottom = Math.Min(Bottom, other.Bottom);
        return right > left && bottom > top ? new PixelRect(left, top, right - left, bottom - top) : default;
    }

    public bool Intersects(PixelRect other) => Intersect(other).Area > 0;
}
