using Edge.Dicom.Network;

namespace Edge.Workspaces.Query;

/// <summary>The Query/Retrieve information models (PS3.4 C.6): the hierarchy a request walks.</summary>
public enum QueryModel
{
    /// <summary>PATIENT, STUDY, SERIES, IMAGE (C.6.1).</summary>
    PatientRoot,

    /// <summary>STUDY, SERIES, IMAGE, patient attributes being study attributes (C.6.2).</summary>
    StudyRoot,
}

public static class QueryModels
{
    /// <summary>The model of a C-FIND, C-GET or C-MOVE SOP class; null for other SOP classes.</summary>
    public static QueryModel? FromSopClass(string sopClassUid) => sopClassUid switch
    {
        DicomServiceUids.PatientRootFind or DicomServiceUids.PatientRootGet or DicomServiceUids.PatientRootMove => QueryModel.PatientRoot,
        DicomServiceUids.StudyRootFind or DicomServiceUids.StudyRootGet or DicomServiceUids.StudyRootMove => QueryModel.StudyRoot,
        _ => null,
    };

    /// <summary>The top level of the model's hierarchy.</summary>
    public static QueryLevel TopLevel(this QueryModel model) => model == QueryModel.PatientRoot ? QueryLevel.Patient : QueryLevel.Study;
}
