using Edge.Dicom.Data;
using Edge.Pixels.Triage;

namespace Edge.Pixels.Tests.Triage;

public sealed class RiskTriageTests
{
    [Theory]
    [InlineData("CT", SyntheticImages.CtImage, "YES", true)]
    [InlineData("US", SyntheticImages.UltrasoundMultiframe, null, true)]
    [InlineData("US", SyntheticImages.UltrasoundMultiframe, "NO", false)]
    [InlineData("OT", "1.2.840.10008.5.1.4.1.1.7", null, true)]
    [InlineData("CT", "1.2.840.10008.5.1.4.1.1.7", null, true)]
    [InlineData("XC", "1.2.840.10008.5.1.4.1.1.77.1.4", null, true)]
    [InlineData("CT", SyntheticImages.CtImage, null, false)]
    [InlineData("MR", "1.2.840.10008.5.1.4.1.1.4", "NO", false)]
    public void Given_the_burned_in_flag_modality_and_class_When_triaged_Then_only_the_flag_or_a_risky_kind_without_it_is_at_risk(
        string modality, string sopClass, string? burnedIn, bool atRisk)
    {
        var ds = Header(modality, sopClass, burnedIn, "MONOCHROME2");

        RiskTriage.Assess(ds).AtRisk.Should().Be(atRisk);
    }

    [Theory]
    [InlineData("RGB")]
    [InlineData("YBR_FULL_422")]
    [InlineData("PALETTE COLOR")]
    public void Given_colour_pixels_on_a_CT_that_says_no_burned_in_text_When_triaged_Then_it_is_at_risk(string photometric)
    {
        var ds = Header("CT", SyntheticImages.CtImage, "NO", photometric);

        var verdict = RiskTriage.Assess(ds);

        verdict.AtRisk.Should().BeTrue();
        verdict.Reason.Should().Contain(photometric);
    }

    [Fact]
    public void Given_a_SECONDARY_image_type_When_triaged_Then_a_CR_is_at_risk_and_a_CT_only_when_the_rule_covers_CT_and_MR()
    {
        var cr = Header("CR", "1.2.840.10008.5.1.4.1.1.1", null, "MONOCHROME2");
        cr.SetString(DicomTags.ImageType, DicomVR.CS, @"DERIVED\SECONDARY");
        var ct = Header("CT", SyntheticImages.CtImage, null, "MONOCHROME2");
        ct.SetString(DicomTags.ImageType, DicomVR.CS, @"DERIVED\SECONDARY\AXIAL");

        RiskTriage.Assess(cr).Should().Be(new TriageVerdict(true, "Image Type SECONDARY"));
        RiskTriage.Assess(ct).AtRisk.Should().BeFalse();
        RiskTriage.Assess(ct, new TriageOptions { ImageTypeRuleOnCtMr = true }).AtRisk.Should().BeTrue();
        RiskTriage.Assess(cr, new TriageOptions { RiskyImageTypes = ["SCREEN"] }).AtRisk.Should().BeFalse();
    }

    private static DicomDataset Header(string modality, string sopClass, string? burnedIn, string photometric)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.Modality, DicomVR.CS, modality);
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, sopClass);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, photometric);
        if (burnedIn is not null)
        {
            ds.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, burnedIn);
        }
        return ds;
    }
}
