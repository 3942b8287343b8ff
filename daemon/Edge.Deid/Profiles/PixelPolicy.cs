namespace Edge.Deid.Profiles;

/// <summary>Which text found in the pixels is masked.</summary>
public enum PixelTextScope
{
    /// <summary>Words that match the instance's identifiers, digit runs, dates and names after honorifics.</summary>
    Identifiers,

    /// <summary>Those, and every word in the outer bands of the frame (where overlays sit, outside the anatomy).</summary>
    OutsideAnatomy,

    /// <summary>Every word found, wherever it is.</summary>
    AllText,
}

/// <summary>
/// How a profile's pixel stage triages and masks (profile key <c>pixels</c>); used only when
/// <see cref="DeidProfile.CleanPixelData"/> is on. Every default is the research-default behaviour.
/// </summary>
public sealed record PixelPolicy
{
    public static PixelPolicy Default { get; } = new();

    /// <summary>Default <see cref="PixelTextScope.Identifiers"/>.</summary>
    public PixelTextScope Mask { get; init; } = PixelTextScope.Identifiers;

    /// <summary>
    /// Image Type values (any of its values, ignoring case) that put an instance at risk on any modality but CT and MR
    /// (screen captures, secondary images). Default SCREEN, SCREEN SAVE, SECONDARY, CAPTURE.
    /// </summary>
    public IReadOnlyList<string> RiskyImageTypes { get; init; } = ["SCREEN", "SCREEN SAVE", "SECONDARY", "CAPTURE"];

    /// <summary>Apply the Image Type rule to CT and MR too (their slices then pay for OCR). Default false.</summary>
    public bool ImageTypeRuleOnCtMr { get; init; }

    /// <summary>The cheap check for saturated text in the top and bottom bands of every image. Default true.</summary>
    public bool EdgeCheck { get; init; } = true;

    /// <summary>OCR confidence (0-100) below which a word that could identify is not trusted. Default 60.</summary>
    public int MinConfidence { get; init; } = 60;

    /// <summary>A JSON file of region templates (manufacturer, model, image size → rectangles); null for none.</summary>
    public string? TemplatesFile { get; init; }

    /// <summary>True when nothing differs from <see cref="Default"/> (keeps the hash of older profiles).</summary>
    public bool IsDefault =>
        Mask == Default.Mask && RiskyImageTypes.SequenceEqual(Default.RiskyImageTypes, StringComparer.Ordinal)
        && ImageTypeRuleOnCtMr == Default.ImageTypeRuleOnCtMr && EdgeCheck == Default.EdgeCheck
        && MinConfidence == Default.MinConfidence && TemplatesFile == Default.TemplatesFile;
}
