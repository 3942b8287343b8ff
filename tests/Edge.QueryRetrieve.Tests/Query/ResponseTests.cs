using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Workspaces;
using Edge.Workspaces.Query;

namespace Edge.QueryRetrieve.Tests.Query;

/// <summary>What each response carries (PS3.4 C.4.1.1.3.2, C.6.1, C.6.2) and what each model allows.</summary>
public sealed class ResponseTests(QueryBed bed) : IClassFixture<QueryBed>
{
    [Fact]
    public async Task Given_patient_root_When_finding_images_Then_each_response_has_the_unique_keys_of_every_level_and_the_retrieve_AE_title()
    {
        var responses = await bed.FindAsync(QueryBed.Identifier("IMAGE", (DicomTags.InstanceNumber, DicomVR.IS, "2")), bed.Options(QueryModel.PatientRoot));

        var response = responses.Should().ContainSingle().Subject;
        response.GetString(DicomTags.QueryRetrieveLevel).Should().Be("IMAGE");
        response.GetString(DicomTags.RetrieveAETitle).Should().Be("QUERY");
        response.GetString(DicomTags.PatientID).Should().Be("PAT-1");
        response.GetString(DicomTags.StudyInstanceUID).Should().Be("1.1");
        response.GetString(DicomTags.SeriesInstanceUID).Should().Be("1.1.1");
        response.GetString(DicomTags.SOPInstanceUID).Should().Be("1.1.1.2");
    }

    [Fact]
    public async Task Given_study_root_When_finding_series_Then_the_study_and_series_UIDs_are_returned_but_no_patient_key_was_added()
    {
        var responses = await bed.FindAsync(QueryBed.Identifier("SERIES", (DicomTags.Modality, DicomVR.CS, "MR")), bed.Options(QueryModel.StudyRoot));

        var response = responses.Should().ContainSingle().Subject;
        response.GetString(DicomTags.StudyInstanceUID).Should().Be("1.1");
        response.GetString(DicomTags.SeriesInstanceUID).Should().Be("1.1.2");
        response.Contains(DicomTags.PatientID).Should().BeFalse("Patient ID is not a unique key of the Study Root model");
    }

    [Fact]
    public async Task Given_the_required_study_keys_of_study_root_When_finding_Then_each_has_its_value()
    {
        var responses = await bed.FindAsync(QueryBed.Identifier("STUDY",
            (DicomTags.StudyInstanceUID, DicomVR.UI, "2.1"), (DicomTags.StudyDate, DicomVR.DA, ""), (DicomTags.StudyTime, DicomVR.TM, ""),
            (DicomTags.AccessionNumber, DicomVR.SH, ""), (DicomTags.PatientName, DicomVR.PN, ""), (DicomTags.PatientID, DicomVR.LO, ""),
            (DicomTags.StudyID, DicomVR.SH, "")), bed.Options());

        var study = responses.Should().ContainSingle().Subject;
        study.GetString(DicomTags.StudyDate).Should().Be("20200114");
        study.GetString(DicomTags.StudyTime).Should().Be("2300");
        study.GetString(DicomTags.AccessionNumber).Should().Be("ACC-3");
        study.GetString(DicomTags.PatientName).Should().Be("MÜLLER^ANNA");
        study.GetString(DicomTags.PatientID).Should().Be("PAT-2");
        study.GetString(DicomTags.StudyID).Should().Be("S1");
        study.GetString(DicomTags.SpecificCharacterSet).Should().Be("ISO_IR 192");
    }

    [Fact]
    public async Task Given_SOP_classes_in_study_When_matched_and_returned_Then_they_are_computed_from_the_instances()
    {
        var responses = await bed.FindAsync(QueryBed.Identifier("STUDY", (DicomTags.SOPClassesInStudy, DicomVR.UI, Support.Instances.MrImageStorage)),
            bed.Options());

        var study = responses.Should().ContainSingle().Subject;
        study.GetString(DicomTags.StudyInstanceUID).Should().Be("1.1");
        study.GetStrings(DicomTags.SOPClassesInStudy).Should().BeEquivalentTo(Support.Instances.CtImageStorage, Support.Instances.MrImageStorage);
    }

    [Fact]
    public void Given_study_root_When_the_PATIENT_level_is_asked_Then_InvalidQuery_is_raised()
    {
        var act = () => WorkspaceQuery.FromIdentifier(QueryBed.Identifier("PATIENT"), new QueryOptions { Model = QueryModel.StudyRoot });

        act.Should().Throw<InvalidQueryException>().WithMessage("*PATIENT*StudyRoot*");
    }

    [Fact]
    public void Given_extended_negotiation_items_When_answered_Then_relational_and_combined_date_time_are_granted_as_asked()
    {
        var answers = QueryNegotiation.Answer([
            new ExtendedNegotiation(DicomServiceUids.StudyRootFind, [1, 1, 1, 1]),
            new ExtendedNegotiation(DicomServiceUids.PatientRootFind, [0]),
            new ExtendedNegotiation(DicomServiceUids.StudyRootMove, [1]),
            new ExtendedNegotiation("1.2.840.10008.5.1.4.1.1.2", [1]),
        ]);

        answers.Select(a => (a.SopClassUid, a.ServiceClassApplicationInformation)).Should().BeEquivalentTo(new[]
        {
            (DicomServiceUids.StudyRootFind, new byte[] { 1, 1, 0, 0 }),
            (DicomServiceUids.PatientRootFind, new byte[] { 0 }),
            (DicomServiceUids.StudyRootMove, new byte[] { 1 }),
        }, o => o.WithStrictOrdering());
    }
}
