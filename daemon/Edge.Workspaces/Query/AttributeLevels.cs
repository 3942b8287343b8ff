using Edge.Dicom.Data;

namespace Edge.Workspaces.Query;

/// <summary>
/// The level of the optional keys of PS3.4 C.6 that the index does not keep, so that a key of a level below the
/// query level is neither matched nor answered (as for indexed keys). An attribute not listed here is taken to be of
/// the query level, as the tables' closing row "All other Attributes at this level" reads.
/// </summary>
internal static class AttributeLevels
{
    private static readonly Dictionary<DicomTag, QueryLevel> s_known = new()
    {
        [DicomTags.IssuerOfPatientID] = QueryLevel.Patient,
        [DicomTags.IssuerOfPatientIDQualifiersSequence] = QueryLevel.Patient,
        [DicomTags.ReferencedPatientSequence] = QueryLevel.Patient,
        [DicomTags.PatientBirthTime] = QueryLevel.Patient,
        [DicomTags.OtherPatientIDsSequence] = QueryLevel.Patient,
        [DicomTags.OtherPatientNames] = QueryLevel.Patient,
        [DicomTags.EthnicGroup] = QueryLevel.Patient,
        [DicomTags.PatientComments] = QueryLevel.Patient,

        [DicomTags.IssuerOfAccessionNumberSequence] = QueryLevel.Study,
        [DicomTags.ProcedureCodeSequence] = QueryLevel.Study,
        [DicomTags.NameOfPhysiciansReadingStudy] = QueryLevel.Study,
        [DicomTags.AdmittingDiagnosesDescription] = QueryLevel.Study,
        [DicomTags.ReferencedStudySequence] = QueryLevel.Study,
        [DicomTags.PatientAge] = QueryLevel.Study,
        [DicomTags.PatientSize] = QueryLevel.Study,
        [DicomTags.PatientWeight] = QueryLevel.Study,
        [DicomTags.Occupation] = QueryLevel.Study,
        [DicomTags.AdditionalPatientHistory] = QueryLevel.Study,
        [DicomTags.OtherStudyNumbers] = QueryLevel.Study,

        [DicomTags.SeriesDate] = QueryLevel.Series,
        [DicomTags.SeriesTime] = QueryLevel.Series,
        [DicomTags.PerformedProcedureStepStartDate] = QueryLevel.Series,
        [DicomTags.PerformedProcedureStepStartTime] = QueryLevel.Series,
        [DicomTags.RequestAttributesSequence] = QueryLevel.Series,
        [DicomTags.BodyPartExamined] = QueryLevel.Series,
        [DicomTags.Laterality] = QueryLevel.Series,
        [DicomTags.ProtocolName] = QueryLevel.Series,
        [DicomTags.PerformedProtocolCodeSequence] = QueryLevel.Series,
        [DicomTags.OperatorsName] = QueryLevel.Series,

        [DicomTags.ContentDate] = QueryLevel.Image,
        [DicomTags.ContentTime] = QueryLevel.Image,
        [DicomTags.ImageType] = QueryLevel.Image,
        [DicomTags.ConceptNameCodeSequence] = QueryLevel.Image,
        [DicomTags.ContentTemplateSequence] = QueryLevel.Image,
        [DicomTags.Rows] = QueryLevel.Image,
        [DicomTags.Columns] = QueryLevel.Image,
        [DicomTags.NumberOfFrames] = QueryLevel.Image,
    };

    /// <summary>True when an attribute the index does not keep is answered at <paramref name="level"/>.</summary>
    public static bool IsAnsweredAt(DicomTag tag, QueryLevel level) => !s_known.TryGetValue(tag, out var own) || own <= level;
}
