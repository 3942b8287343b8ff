namespace Edge.Pixels.Cleaning;

public enum PixelVerdict
{
    /// <summary>Nothing suggests text in the pixels.</summary>
    NotAtRisk,

    /// <summary>Checked: the rectangles (possibly none) are to be masked on every frame.</summary>
    Mask,

    /// <summary>A person must look: the reason says why (never what was read).</summary>
    Held,
}

/// <summary>
/// What the pixel stage decided for an instance, before anything is written: the review tools show it (proposed
/// rectangles on a preview) and <see cref="PixelCleaner.Clean"/> carries it out.
/// </summary>
/// <param name="Reason">Why the instance is at risk, or why it is held.</param>
/// <param name="LegibleWords">Words the OCR read with confidence (0 when it did not run).</param>
public sealed record PixelCleaningPlan(PixelVerdict Verdict, IReadOnlyList<PixelRect> Rectangles, string Reason, int LegibleWords);

public enum PixelCleaningStatus
{
    NotAtRisk,
    Cleaned,
    Held,
}

/// <summary>
/// What the stage did. <see cref="Method"/>: "native", "re-encoded &lt;syntax UID&gt;", "dct",
/// "decompressed to explicit LE", or "verified" when nothing needed masking.
/// </summary>
public sealed record PixelCleaningOutcome(PixelCleaningStatus Status, IReadOnlyList<PixelRect> Rectangles, string? Method, string? Reason)
{
    public const string Verified = "verified";
}
