using Edge.Pixels.Decision;
using Edge.Pixels.Templates;
using Edge.Pixels.Triage;

namespace Edge.Pixels.Cleaning;

/// <summary>The policy of one workspace's pixel stage; every default is the research-default behaviour.</summary>
public sealed record PixelCleaningOptions
{
    public static PixelCleaningOptions Default { get; } = new();

    /// <summary>Which text is masked. Default <see cref="MaskScope.Identifiers"/>.</summary>
    public MaskScope Scope { get; init; } = MaskScope.Identifiers;

    public TriageOptions Triage { get; init; } = TriageOptions.Default;

    /// <summary>OCR confidence (0-100) below which a word is not trusted. Default 60.</summary>
    public int MinConfidence { get; init; } = 60;

    /// <summary>Device templates applied with or without OCR. Default none.</summary>
    public RegionTemplateSet Templates { get; init; } = RegionTemplateSet.Empty;

    /// <summary>Frames of a multi-frame image that OCR reads (first, middle, last, quarters ...). Default 5.</summary>
    public int OcrSampleFrames { get; init; } = 5;

    /// <summary>Where masked frames wait until the file is written. Default the system's temporary directory.</summary>
    public string? TempDirectory { get; init; }
}
