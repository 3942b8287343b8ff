using System.Collections.Frozen;
using Edge.Deid.Rules;

namespace Edge.Deid.Profiles;

/// <summary>What to do with PatientBirthDate, which the Basic profile empties.</summary>
public enum BirthDateHandling
{
    /// <summary>Empty, as the Basic profile says (Z).</summary>
    Empty,

    /// <summary>Shifted by the patient's date offset, so age at every exam is exact.</summary>
    Shift,

    /// <summary>Reduced to the year (written as YYYY0101).</summary>
    Year,
}

/// <summary>
/// A de-identification profile: the Basic profile of PS3.15 Annex E plus options, pseudonym settings, and overrides
/// by tag or keyword. Built-in ones are in <see cref="BuiltInProfiles"/>; others are loaded from JSON or YAML files.
/// </summary>
public sealed class DeidProfile
{
    public required string Name { get; init; }

    /// <summary>Short SHA-256 of the profile's canonical form, recorded in DeidentificationMethod.</summary>
    public string Hash { get; init; } = "";

    /// <summary>Table E.1-1 edition whose rules apply (default the latest generated one).</summary>
    public string TableEdition { get; init; } = ConfidentialityProfileTables.Latest.Edition;

    public FrozenSet<DeidOption> Options { get; init; } = FrozenSet<DeidOption>.Empty;

    /// <summary>Prefix of patient pseudonyms (default "P").</summary>
    public string PseudonymPrefix { get; init; } = "P";

    /// <summary>Base32 characters after the prefix (default 12, i.e. 60 bits).</summary>
    public int PseudonymLength { get; init; } = 12;

    /// <summary>Range of the per-patient whole-day date shift (default −3650 to −365).</summary>
    public int DateShiftMinDays { get; init; } = -3650;

    public int DateShiftMaxDays { get; init; } = -365;

    /// <summary>
    /// With modified dates: also move times of day by a per-patient offset (modulo 24 h, so dates and their intervals
    /// stay exact). Times are quasi-identifiers that RIS logs can match; default true.
    /// </summary>
    public bool ShiftTimes { get; init; } = true;

    public BirthDateHandling BirthDate { get; init; } = BirthDateHandling.Empty;

    /// <summary>
    /// Run the pixel stage (triage, OCR, masking) when the engine has a pixel cleaner; instances it cannot clean are
    /// held for review.
    /// </summary>
    public bool CleanPixelData { get; init; }

    /// <summary>How the pixel stage triages and masks.</summary>
    public PixelPolicy Pixels { get; init; } = PixelPolicy.Default;

    public IReadOnlyList<ProfileOverride> Overrides { get; init; } = [];

    public bool Has(DeidOption option) => Options.Contains(option);

    public bool ModifiesDates => Has(DeidOption.RetainLongitudinalModifiedDates) && !Has(DeidOption.RetainLongitudinalFullDates);

    public bool KeepsFullDates => Has(DeidOption.RetainLongitudinalFullDates);
}
