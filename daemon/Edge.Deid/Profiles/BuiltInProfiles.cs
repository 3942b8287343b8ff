using System.Collections.Frozen;
using Edge.Deid.Rules;

namespace Edge.Deid.Profiles;

/// <summary>The profiles Edge ships: <c>basic</c> and <c>research-default</c>.</summary>
public static class BuiltInProfiles
{
    /// <summary>The Basic Application Level Confidentiality Profile alone.</summary>
    public static DeidProfile Basic { get; } = ProfileCanon.WithHash(new DeidProfile { Name = "basic" });

    /// <summary>
    /// What the French radiology recommendations advise for research reuse: Basic + Retain Safe Private + Retain
    /// Longitudinal Temporal Information with Modified Dates + Retain Patient Characteristics + Clean Descriptors +
    /// Clean Structured Content + Clean Graphics, birth date shifted with the other dates, pixel cleaning of at-risk
    /// instances.
    /// </summary>
    public static DeidProfile ResearchDefault { get; } = ProfileCanon.WithHash(new DeidProfile
    {
        Name = "research-default",
        Options = new[]
        {
            DeidOption.RetainSafePrivate, DeidOption.RetainLongitudinalModifiedDates, DeidOption.RetainPatientCharacteristics,
            DeidOption.CleanDescriptors, DeidOption.CleanStructuredContent, DeidOption.CleanGraphics,
        }.ToFrozenSet(),
        BirthDate = BirthDateHandling.Shift,
        CleanPixelData = true,
    });

    public static IReadOnlyList<DeidProfile> All { get; } = [Basic, ResearchDefault];

    public static DeidProfile? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
