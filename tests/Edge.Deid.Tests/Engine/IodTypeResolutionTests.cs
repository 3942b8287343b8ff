using Edge.Deid.Profiles;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>
/// Combined actions (X/Z, X/D, X/Z/D) and removals of required attributes resolve from the attribute's type in the
/// instance's IOD (PS3.3), so the output stays as valid as the input was.
/// </summary>
public class IodTypeResolutionTests
{
    [Fact]
    public void Given_a_PET_image_When_the_basic_profile_applies_Then_series_date_gets_a_dummy_and_acquisition_date_is_emptied()
    {
        var file = EngineHarness.Run(WithDates(EngineHarness.PetImage), BuiltInProfiles.Basic);

        file.Dataset.GetString(DicomTags.SeriesDate).Should().Be("19000101", "the PET Series module makes it Type 1 (X/D gives D)");
        file.Dataset.GetString(DicomTags.SeriesTime).Should().Be("000000");
        file.Dataset.GetString(DicomTags.AcquisitionDate).Should().BeEmpty("the PET Image module makes it Type 2 (X/Z gives Z)");
        file.Dataset.Contains(DicomTags.AcquisitionDate).Should().BeTrue();
    }

    [Fact]
    public void Given_a_CT_image_When_the_basic_profile_applies_Then_series_and_acquisition_dates_are_removed()
    {
        var file = EngineHarness.Run(WithDates(EngineHarness.CtImage), BuiltInProfiles.Basic);

        file.Dataset.Contains(DicomTags.SeriesDate).Should().BeFalse();
        file.Dataset.Contains(DicomTags.AcquisitionDate).Should().BeFalse();
    }

    [Theory]
    [InlineData(EngineHarness.DxImage, true)]
    [InlineData(EngineHarness.EnhancedCtImage, true)]
    [InlineData(EngineHarness.CtImage, false)]
    public void Given_an_acquisition_context_sequence_When_the_basic_profile_applies_Then_it_is_emptied_where_the_IOD_requires_it_and_removed_elsewhere(string sopClassUid, bool required)
    {
        var ds = EngineHarness.NewInstance(sopClassUid);
        ds.Set(SampleValues.For(DicomTags.AcquisitionContextSequence, DicomVR.SQ));

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        var seq = file.Dataset.GetSequence(DicomTags.AcquisitionContextSequence);
        if (required)
        {
            seq.Should().NotBeNull();
            seq!.Items.Should().BeEmpty();
        }
        else
        {
            seq.Should().BeNull();
        }
    }

    [Fact]
    public void Given_an_RT_plan_with_operators_name_When_the_basic_profile_removes_it_Then_it_is_emptied_because_RT_Series_makes_it_Type_2()
    {
        var ds = EngineHarness.NewInstance(EngineHarness.RtPlan);
        ds.SetString(DicomTags.OperatorsName, DicomVR.PN, "ULLERTONDR^ROSALIND");

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        file.Dataset.Contains(DicomTags.OperatorsName).Should().BeTrue();
        file.Dataset.GetString(DicomTags.OperatorsName).Should().BeEmpty();
    }

    [Fact]
    public void Given_an_enhanced_image_with_a_device_serial_number_When_deidentified_Then_it_gets_a_dummy_because_Enhanced_General_Equipment_makes_it_Type_1()
    {
        var ds = EngineHarness.NewInstance(EngineHarness.EnhancedCtImage);
        ds.SetString(DicomTags.DeviceSerialNumber, DicomVR.LO, "SN12345678");

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        file.Dataset.GetString(DicomTags.DeviceSerialNumber).Should().Be("ANONYMIZED");
    }

    [Fact]
    public void Given_an_animal_patient_with_a_responsible_person_When_deidentified_Then_the_person_gets_a_dummy_and_the_role_stays()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.ResponsiblePerson, DicomVR.PN, "MERVASH^OTHNIEL");
        ds.SetString(DicomTags.ResponsiblePersonRole, DicomVR.CS, "OWNER");

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        file.Dataset.GetString(DicomTags.ResponsiblePerson).Should().Be("ANONYMIZED");
        file.Dataset.GetString(DicomTags.ResponsiblePersonRole).Should().Be("OWNER");
    }

    [Fact]
    public void Given_an_empty_responsible_person_When_deidentified_Then_it_stays_empty_so_that_no_role_becomes_required()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetEmpty(DicomTags.ResponsiblePerson, DicomVR.PN);
        ds.SetString(DicomTags.ResponsibleOrganization, DicomVR.LO, "SPRINGVALE ZOO");

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        file.Dataset.Contains(DicomTags.ResponsiblePerson).Should().BeTrue();
        file.Dataset.GetString(DicomTags.ResponsiblePerson).Should().BeEmpty();
        file.Dataset.Contains(DicomTags.ResponsiblePersonRole).Should().BeFalse();
    }

    private static DicomDataset WithDates(string sopClassUid)
    {
        var ds = EngineHarness.NewInstance(sopClassUid);
        ds.SetString(DicomTags.SeriesDate, DicomVR.DA, "20190314");
        ds.SetString(DicomTags.SeriesTime, DicomVR.TM, "101010");
        ds.SetString(DicomTags.AcquisitionDate, DicomVR.DA, "20190314");
        ds.SetString(DicomTags.AcquisitionTime, DicomVR.TM, "101112");
        return ds;
    }
}
