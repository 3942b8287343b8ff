using Edge.Deid.Profiles;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>Kept free text (descriptions under Clean Descriptors, SR text) loses the patient's identifiers and keeps the medicine.</summary>
public class TextCleaningTests
{
    [Fact]
    public void Given_a_study_description_naming_the_patient_When_descriptors_are_cleaned_Then_the_name_parts_are_masked_and_the_rest_kept()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.StudyDescription, DicomVR.LO, "CT CHEST FOR ZANDER QUILLBY");

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        file.Dataset.GetString(DicomTags.StudyDescription).Should().Be("CT CHEST FOR *** ***");
    }

    [Fact]
    public void Given_comments_with_identifiers_and_an_honorific_When_descriptors_are_cleaned_Then_ids_dates_and_the_introduced_name_are_masked()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19720415");
        ds.SetString(DicomTags.ImageComments, DicomVR.LT, "Pt PID0001234 born 15/04/1972, referred by Dr Fenworthy for nodule follow-up");

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        file.Dataset.GetString(DicomTags.ImageComments).Should().Be("Pt *** born ***, referred by Dr *** for nodule follow-up");
    }

    [Fact]
    public void Given_a_study_description_When_the_basic_profile_applies_Then_it_is_removed()
    {
        var ds = EngineHarness.NewInstance();
        ds.SetString(DicomTags.StudyDescription, DicomVR.LO, "CT CHEST");

        var file = EngineHarness.Run(ds, BuiltInProfiles.Basic);

        file.Dataset.Contains(DicomTags.StudyDescription).Should().BeFalse();
    }

    [Fact]
    public void Given_an_SR_tree_When_structured_content_is_cleaned_Then_text_is_scrubbed_observer_names_replaced_and_codes_and_measurements_kept()
    {
        var ds = EngineHarness.NewInstance(EngineHarness.ComprehensiveSr);
        var text = new DicomDataset();
        text.SetString(DicomTags.ValueType, DicomVR.CS, "TEXT");
        text.SetString(DicomTags.TextValue, DicomVR.UT, "Discussed with patient ZANDER QUILLBY: stable nodule");
        var observer = new DicomDataset();
        observer.SetString(DicomTags.ValueType, DicomVR.CS, "PNAME");
        observer.SetString(DicomTags.PersonName, DicomVR.PN, "FENWORTHYDR^ISOLDE");
        var measure = new DicomDataset();
        measure.SetString(DicomTags.ValueType, DicomVR.CS, "NUM");
        var code = new DicomDataset();
        code.SetString(DicomTags.CodeValue, DicomVR.SH, "G-D705");
        code.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, "SRT");
        code.SetString(DicomTags.CodeMeaning, DicomVR.LO, "Volume");
        measure.Set(new DicomSequence(DicomTags.ConceptNameCodeSequence).AddItem(code));
        var value = new DicomDataset();
        value.SetString(DicomTags.NumericValue, DicomVR.DS, "12.5");
        measure.Set(new DicomSequence(DicomTags.MeasuredValueSequence).AddItem(value));
        ds.Set(new DicomSequence(DicomTags.ContentSequence).AddItem(text).AddItem(observer).AddItem(measure));

        var file = EngineHarness.Run(ds, BuiltInProfiles.ResearchDefault);

        var items = file.Dataset.GetSequence(DicomTags.ContentSequence)!.Items;
        items[0].GetString(DicomTags.TextValue).Should().Be("Discussed with patient *** ***: stable nodule");
        items[1].GetString(DicomTags.PersonName).Should().Be("ANONYMIZED");
        items[2].GetSequence(DicomTags.ConceptNameCodeSequence)!.Items[0].GetString(DicomTags.CodeMeaning).Should().Be("Volume");
        items[2].GetSequence(DicomTags.MeasuredValueSequence)!.Items[0].GetString(DicomTags.NumericValue).Should().Be("12.5");
    }
}
