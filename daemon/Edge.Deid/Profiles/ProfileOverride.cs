using Edge.Dicom.Data;

namespace Edge.Deid.Profiles;

/// <summary>What a per-workspace override does to the elements it selects.</summary>
public enum OverrideKind
{
    /// <summary>Keep the value as it is.</summary>
    Keep,

    /// <summary>Remove the element.</summary>
    Remove,

    /// <summary>Keep the element with a zero-length value.</summary>
    Empty,

    /// <summary>Set a fixed value.</summary>
    Constant,

    /// <summary>Replace with a keyed hash of the value that fits the VR.</summary>
    Hash,

    /// <summary>Shift a date by the patient's offset.</summary>
    DateShift,

    /// <summary>Map an age (AS) or number of years into a band from <see cref="ProfileOverride.Bands"/>.</summary>
    AgeBand,

    /// <summary>Map the value through <see cref="ProfileOverride.Map"/> (e.g. body part into groups).</summary>
    MapTable,
}

/// <summary>
/// One override, selecting by tag (exact, or masked like 60xx) wherever it occurs; overrides win over the table.
/// </summary>
public sealed record ProfileOverride(DicomTag Tag, uint Mask, OverrideKind Kind)
{
    public string? Value { get; init; }

    /// <summary>Upper bounds (years, inclusive) of age bands; the last band is open ("90+").</summary>
    public IReadOnlyList<int> Bands { get; init; } = [];

    public IReadOnlyDictionary<string, string> Map { get; init; } = new Dictionary<string, string>();

    /// <summary>Value for MapTable when the input is not in the map; null removes such values.</summary>
    public string? MapDefault { get; init; }

    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;
}
