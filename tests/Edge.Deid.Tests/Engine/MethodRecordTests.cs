using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Deid.Rules;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>The output records how it was de-identified (PS3.15 E.1.1, PS3.16 CID 7050).</summary>
public class MethodRecordTests
{
    [Fact]
    public void Given_research_default_When_deidentified_Then_identity_removed_method_codes_and_modified_temporal_information_are_recorded()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20190314");
        var engine = new DeidEngine(BuiltInProfiles.ResearchDefault);

        var file = EngineHarness.Run(ds, engine);

        file.Dataset.GetString(DicomTags.PatientIdentityRemoved).Should().Be("YES");
        file.Dataset.GetStrings(DicomTags.DeidentificationMethod).Should().Equal(engine.MethodDescription);
        engine.MethodDescription.Should().MatchRegex(@"^Edge \S+ research-default [0-9a-f]{12} PS3\.15-2024b$")
            .And.Contain(BuiltInProfiles.ResearchDefault.Hash);
        Codes(file.Dataset).Should().BeEquivalentTo(new[]
        {
            ("113100", "Basic Application Confidentiality Profile"),
            ("113111", "Retain Safe Private Option"),
            ("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
            ("113108", "Retain Patient Characteristics Option"),
            ("113105", "Clean Descriptors Option"),
            ("113104", "Clean Structured Content Option"),
            ("113103", "Clean Graphics Option"),
        });
        file.Dataset.GetString(DicomTags.LongitudinalTemporalInformationModified).Should().Be("MODIFIED");
    }

    [Fact]
    public void Given_the_basic_profile_When_deidentified_Then_only_the_basic_code_is_recorded_and_temporal_information_is_removed()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20190314");

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        Codes(file.Dataset).Should().Equal(("113100", "Basic Application Confidentiality Profile"));
        file.Dataset.GetString(DicomTags.LongitudinalTemporalInformationModified).Should().Be("REMOVED");
    }

    [Fact]
    public void Given_full_dates_retained_When_deidentified_Then_temporal_information_is_unmodified_and_the_option_recorded()
    {
        var file = EngineHarness.Run(EngineHarness.NewInstance(), EngineHarness.Profile(DeidOption.RetainLongitudinalFullDates));

        file.Dataset.GetString(DicomTags.LongitudinalTemporalInformationModified).Should().Be("UNMODIFIED");
        Codes(file.Dataset).Select(c => c.Value).Should().Equal("113100", "113106");
    }

    [Fact]
    public void Given_an_instance_de_identified_before_When_deidentified_again_Then_the_earlier_method_is_kept_and_codes_are_not_repeated()
    {
        var engine = new DeidEngine(BuiltInProfiles.ResearchDefault);
        var once = EngineHarness.Run(EngineHarness.NewInstance(), engine).Dataset;
        once.SetStrings(DicomTags.DeidentificationMethod, DicomVR.LO, ["SITE TOOL 1.2", engine.MethodDescription]);

        var twice = EngineHarness.Run(once, engine).Dataset;

        twice.GetStrings(DicomTags.DeidentificationMethod).Should().Equal("SITE TOOL 1.2", engine.MethodDescription);
        Codes(twice).Select(c => c.Value).Should().OnlyHaveUniqueItems().And.HaveCount(7);
    }

    private static List<(string Value, string Meaning)> Codes(DicomDataset ds) =>
        ds.GetSequence(DicomTags.DeidentificationMethodCodeSequence)!.Items
            .Select(i =>
            {
                i.GetString(DicomTags.CodingSchemeDesignator).Should().Be("DCM");
                return (i.GetString(DicomTags.CodeValue)!, i.GetString(DicomTags.CodeMeaning)!);
            })
            .ToList();
}
