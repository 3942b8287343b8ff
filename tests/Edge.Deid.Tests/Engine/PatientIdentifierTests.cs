using Edge.Deid.Profiles;
using Edge.Deid.Pseudonyms;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>The pseudonymisation rules that go beyond Table E.1-1 for the patient's identifiers (remarks on DeidEngine).</summary>
public class PatientIdentifierTests
{
    private static readonly WorkspaceKey s_otherKey = new("other-project", Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Given_patient_id_and_name_When_deidentified_Then_both_become_the_patients_keyed_pseudonym()
    {
        var file = EngineHarness.Run(EngineHarness.NewInstance(), BuiltInProfiles.Basic);

        var pseudonym = file.Dataset.GetString(DicomTags.PatientID);
        pseudonym.Should().MatchRegex("^P[A-Z2-7]{12}$").And.Be(EngineHarness.Pseudonym());
        file.Dataset.GetString(DicomTags.PatientName).Should().Be(pseudonym);
    }

    [Fact]
    public void Given_the_same_patient_under_another_secret_When_deidentified_Then_the_pseudonym_differs()
    {
        var file = EngineHarness.Run(EngineHarness.NewInstance(), BuiltInProfiles.Basic, s_otherKey);

        file.Dataset.GetString(DicomTags.PatientID).Should().Be(EngineHarness.Pseudonym(s_otherKey)).And.NotBe(EngineHarness.Pseudonym());
    }

    [Fact]
    public void Given_an_instance_without_patient_id_or_name_When_deidentified_Then_both_are_written_with_a_pseudonym()
    {
        var ds = EngineHarness.NewInstance();
        ds.Remove(DicomTags.PatientID);
        ds.Remove(DicomTags.PatientName);

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        file.Dataset.GetString(DicomTags.PatientID).Should().MatchRegex("^P[A-Z2-7]{12}$");
        file.Dataset.GetString(DicomTags.PatientName).Should().Be(file.Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public void Given_issuer_of_patient_id_When_deidentified_Then_it_is_the_workspace_name()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.IssuerOfPatientID, DicomVR.LO, "SPRINGVALE HOSPITAL");

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        file.Dataset.GetString(DicomTags.IssuerOfPatientID).Should().Be(EngineHarness.Key.Workspace);
    }

    [Fact]
    public void Given_accession_number_and_study_id_When_deidentified_Then_each_is_a_keyed_hash_that_fits_SH()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC123456789");
        ds.SetString(DicomTags.StudyID, DicomVR.SH, "SID1234567");

        var mine = EngineHarness.Run(ds.Clone(), BuiltInProfiles.Basic).Dataset;
        var again = EngineHarness.Run(ds.Clone(), BuiltInProfiles.ResearchDefault).Dataset;
        var theirs = EngineHarness.Run(ds.Clone(), BuiltInProfiles.Basic, s_otherKey).Dataset;

        mine.GetString(DicomTags.AccessionNumber).Should().MatchRegex("^[A-Z2-7]{16}$").And.NotBe("ACC123456789");
        mine.GetString(DicomTags.StudyID).Should().MatchRegex("^[A-Z2-7]{16}$").And.NotBe(mine.GetString(DicomTags.AccessionNumber));
        again.GetString(DicomTags.AccessionNumber).Should().Be(mine.GetString(DicomTags.AccessionNumber));
        theirs.GetString(DicomTags.AccessionNumber).Should().NotBe(mine.GetString(DicomTags.AccessionNumber));
    }

    [Fact]
    public void Given_an_empty_accession_number_When_deidentified_Then_it_stays_present_and_empty()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetEmpty(DicomTags.AccessionNumber, DicomVR.SH);

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        file.Dataset.GetString(DicomTags.AccessionNumber).Should().BeEmpty();
    }

    [Fact]
    public void Given_the_patients_own_name_and_id_inside_a_sequence_When_deidentified_Then_they_get_the_same_pseudonym()
    {
        var ds = EngineHarness.NewInstance();
        var item = new DicomDataset();
        item.SetString(DicomTags.PatientName, DicomVR.PN, EngineHarness.PatientName);
        item.SetString(DicomTags.PatientID, DicomVR.LO, EngineHarness.PatientId);
        ds.Set(new DicomSequence(DicomTags.VOILUTSequence).AddItem(item));

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        var inner = file.Dataset.GetSequence(DicomTags.VOILUTSequence)!.Items[0];
        inner.GetString(DicomTags.PatientName).Should().Be(EngineHarness.Pseudonym());
        inner.GetString(DicomTags.PatientID).Should().Be(EngineHarness.Pseudonym());
    }

    [Fact]
    public void Given_another_persons_id_inside_a_sequence_When_deidentified_Then_it_gets_its_own_keyed_hash_not_the_patients_pseudonym()
    {
        var ds = EngineHarness.NewInstance();
        var item = new DicomDataset();
        item.SetString(DicomTags.PatientID, DicomVR.LO, "MRN998877");
        ds.Set(new DicomSequence(DicomTags.VOILUTSequence).AddItem(item));

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        var other = file.Dataset.GetSequence(DicomTags.VOILUTSequence)!.Items[0].GetString(DicomTags.PatientID);
        other.Should().MatchRegex("^P[A-Z2-7]{12}$").And.NotBe(EngineHarness.Pseudonym());
    }

    [Theory]
    [InlineData(BirthDateHandling.Empty, "")]
    [InlineData(BirthDateHandling.Year, "19720101")]
    public void Given_a_birth_date_When_the_profile_empties_it_or_keeps_the_year_Then_the_output_says_so(BirthDateHandling handling, string expected)
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19720415");
        var profile = new DeidProfile { Name = "birth", BirthDate = handling };

        var file = EngineHarness.Run(ds, profile);

        file.Dataset.GetString(DicomTags.PatientBirthDate).Should().Be(expected);
    }

    [Fact]
    public void Given_a_birth_date_When_research_default_shifts_it_Then_it_moves_by_the_patients_offset_like_every_other_date()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19720415");
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20190314");

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        var offset = EngineHarness.OffsetDays();
        file.Dataset.GetString(DicomTags.PatientBirthDate).Should().Be(new DateOnly(1972, 4, 15).AddDays(offset).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        file.Dataset.GetString(DicomTags.StudyDate).Should().Be(new DateOnly(2019, 3, 14).AddDays(offset).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
