namespace Edge.Pixels.Decision;

/// <summary>Which frames of a multi-frame image are read by OCR: first, middle, last, then the quarters, and so on.</summary>
public static class FrameSampler
{
    public static IReadOnlyList<int> Sample(int frameCount, int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximum);
        var chosen = new SortedSet<int> { 0 };
        // Halve the spacing until enough frames are chosen: 0, n-1, n/2, n/4, 3n/4, n/8 ...
        var candidates = new List<int> { frameCount - 1 };
        for (var parts = 2; parts <= 2 * frameCount && chosen.Count < Math.Min(maximum, frameCount); parts *= 2)
        {
            candidates.AddRange(Enumerable.Range(1, parts - 1).Where(k => k % 2 == 1).Select(k => (int)((long)k * (frameCount - 1) / parts)));
            foreach (var c in candidates)
            {
                if (chosen.Count >= maximum)
                {
                    break;
                }
                chosen.Add(c);
            }
            candidates.Clear();
        }
        return [.. chosen];
    }
}
