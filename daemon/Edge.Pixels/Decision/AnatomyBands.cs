namespace Edge.Pixels.Decision;

/// <summary>
/// Where overlays sit rather than anatomy: the top and bottom fifths of a frame and its left and right sixths. A word
/// whose centre lies there is outside the anatomy; one in the middle is over it, where masking would hide findings.
/// </summary>
public static class AnatomyBands
{
    public const double TopBottom = 0.2;
    public const double LeftRight = 1.0 / 6;

    public static bool IsOutside(PixelRect box, int columns, int rows)
    {
        var cx = box.Left + box.Width / 2.0;
        var cy = box.Top + box.Height / 2.0;
        return cy < rows * TopBottom || cy > rows * (1 - TopBottom) || cx < columns * LeftRight || cx > columns * (1 - LeftRight);
    }
}
