namespace Edge.Pixels.Triage;

/// <summary>What puts an instance at risk of burned-in text (configurable per workspace through its profile).</summary>
public sealed record TriageOptions
{
    public static TriageOptions Default { get; } = new();

    /// <summary>Image Type values (compared whole, ignoring case) that mean a screen or secondary capture.</summary>
    public IReadOnlyList<string> RiskyImageTypes { get; init; } = ["SCREEN", "SCREEN SAVE", "SECONDARY", "CAPTURE"];

    /// <summary>Apply <see cref="RiskyImageTypes"/> to CT and MR too; off by default, as their reformats are SECONDARY.</summary>
    public bool ImageTypeRuleOnCtMr { get; init; }

    /// <summary>Run the edge-band check on instances the attributes do not put at risk.</summary>
    public bool EdgeCheck { get; init; } = true;
}
