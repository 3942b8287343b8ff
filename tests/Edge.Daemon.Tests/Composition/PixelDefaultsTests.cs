using Edge.Deid.Profiles;
using Edge.Pixels.Cleaning;
using Edge.Pixels.Decision;
using Edge.Pixels.Triage;

namespace Edge.Daemon.Tests.Composition;

/// <summary>
/// The pixel policy's defaults are written twice, in Edge.Deid (profiles) and Edge.Pixels (the stage), because the two
/// do not reference each other; the daemon maps one onto the other. This keeps them from drifting apart.
/// </summary>
public sealed class PixelDefaultsTests
{
    [Fact]
    public void Given_the_profiles_default_pixel_policy_When_compared_with_the_pixel_stages_defaults_Then_they_agree()
    {
        var policy = PixelPolicy.Default;
        var options = PixelCleaningOptions.Default;

        policy.RiskyImageTypes.Should().Equal(TriageOptions.Default.RiskyImageTypes);
        policy.ImageTypeRuleOnCtMr.Should().Be(TriageOptions.Default.ImageTypeRuleOnCtMr);
        policy.EdgeCheck.Should().Be(TriageOptions.Default.EdgeCheck);
        policy.MinConfidence.Should().Be(options.MinConfidence);
        options.Scope.Should().Be(MaskScope.Identifiers);
        policy.Mask.Should().Be(PixelTextScope.Identifiers);
    }
}
