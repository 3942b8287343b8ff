using System.Globalization;
using Edge.Deid.Profiles;
using Edge.Deid.Pseudonyms;
using Edge.Deid.Tests.Engine;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Profiles;

/// <summary>Per-workspace overrides, loaded from a profile file, win over the table and do what their name says.</summary>
public class ProfileOverrideTests
{
    private static readonly DeidProfile s_profile = ProfileLoader.Parse("""
        name: overrides
        extends: basic
        overrides:
          - { keyword: StudyDescription, action: keep }
          - { keyword: Manufacturer, action: remove }
          - { keyword: InstitutionName, action: empty }
          - { tag: "(0008,1010)", action: constant, value: SCANNER-1 }
          - { keyword: RequestedProcedureID, action: hash }
          - { keyword: StudyDate, action: dateShift }
          - { keyword: PatientAge, action: ageBand, bands: [18, 40, 65, 90] }
          - { keyword: BodyPartExamined, action: map, map: { CHEST: THORAX, LUNG: THORAX }, default: OTHER }
          - { keyword: Laterality, action: map, map: { R: RIGHT } }
          - { tag: "(60xx,0022)", action: constant, value: OVERLAY }
        """, "overrides.yaml");

    [Fact]
    public void Given_keep_When_the_table_would_remove_Then_the_value_is_kept_as_is()
    {
        Run(ds => ds.SetString(DicomTags.StudyDescription, DicomVR.LO, "CT CHEST QUILLBY"))
            .GetString(DicomTags.StudyDescription).Should().Be("CT CHEST QUILLBY");
    }

    [Fact]
    public void Given_remove_When_the_table_would_keep_Then_the_element_is_gone()
    {
        Run(ds => ds.SetString(DicomTags.Manufacturer, DicomVR.LO, "SYNTHETIC"))
            .Contains(DicomTags.Manufacturer).Should().BeFalse();
    }

    [Fact]
    public void Given_empty_When_deidentified_Then_the_element_is_present_with_no_value()
    {
        var ds = Run(d => d.SetString(DicomTags.InstitutionName, DicomVR.LO, "SPRINGVALE MEMORIAL HOSPITAL"));

        ds.Contains(DicomTags.InstitutionName).Should().BeTrue();
        ds.GetString(DicomTags.InstitutionName).Should().BeEmpty();
    }

    [Fact]
    public void Given_constant_by_tag_and_by_masked_tag_When_deidentified_Then_the_fixed_value_is_written()
    {
        var ds = Run(d =>
        {
            d.SetString(DicomTags.StationName, DicomVR.SH, "STN51228452");
            d.SetString(new DicomTag(0x6002, 0x0022), DicomVR.LO, "QUILLBY overlay");
        });

        ds.GetString(DicomTags.StationName).Should().Be("SCANNER-1");
        ds.GetString(new DicomTag(0x6002, 0x0022)).Should().Be("OVERLAY");
    }

    [Fact]
    public void Given_hash_When_deidentified_Then_the_value_is_a_keyed_hash_that_fits_the_VR_and_depends_on_the_secret()
    {
        static void Set(DicomDataset d) => d.SetString(DicomTags.RequestedProcedureID, DicomVR.SH, "RPID12345678");
        var other = new WorkspaceKey("other", Enumerable.Repeat((byte)7, 32).ToArray());

        var first = Run(Set).GetString(DicomTags.RequestedProcedureID);
        var again = Run(Set).GetString(DicomTags.RequestedProcedureID);
        var theirs = Run(Set, other).GetString(DicomTags.RequestedProcedureID);

        first.Should().MatchRegex("^[A-Z2-7]{16}$").And.Be(again).And.NotBe(theirs);
    }

    [Fact]
    public void Given_date_shift_on_a_date_the_basic_profile_empties_When_deidentified_Then_it_moves_by_the_patients_offset()
    {
        Run(d => d.SetString(DicomTags.StudyDate, DicomVR.DA, "20190314"))
            .GetString(DicomTags.StudyDate).Should().Be(new DateOnly(2019, 3, 14).AddDays(EngineHarness.OffsetDays()).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("010Y", "000Y")]
    [InlineData("018Y", "018Y")]
    [InlineData("045Y", "040Y")]
    [InlineData("070Y", "065Y")]
    [InlineData("095Y", "090Y")]
    [InlineData("030M", "000Y")]
    public void Given_age_band_When_deidentified_Then_the_age_becomes_the_lower_bound_of_its_band(string age, string band)
    {
        Run(d => d.SetString(DicomTags.PatientAge, DicomVR.AS, age))
            .GetString(DicomTags.PatientAge).Should().Be(band);
    }

    [Theory]
    [InlineData("CHEST", "THORAX")]
    [InlineData("lung", "THORAX")]
    [InlineData("KNEE", "OTHER")]
    public void Given_map_with_a_default_When_deidentified_Then_known_values_map_and_others_get_the_default(string part, string mapped)
    {
        Run(d => d.SetString(DicomTags.BodyPartExamined, DicomVR.CS, part))
            .GetString(DicomTags.BodyPartExamined).Should().Be(mapped);
    }

    [Fact]
    public void Given_map_without_a_default_When_a_value_is_not_in_the_map_Then_the_element_is_removed()
    {
        var mapped = Run(d => d.SetString(DicomTags.Laterality, DicomVR.CS, "R"));
        var unmapped = Run(d => d.SetString(DicomTags.Laterality, DicomVR.CS, "L"));

        mapped.GetString(DicomTags.Laterality).Should().Be("RIGHT");
        unmapped.Contains(DicomTags.Laterality).Should().BeFalse();
    }

    private static DicomDataset Run(Action<DicomDataset> set, WorkspaceKey? key = null)
    {
        var ds = EngineHarness.NewInstance();
        set(ds);
        return EngineHarness.Run(ds, s_profile, key).Dataset;
    }
}
