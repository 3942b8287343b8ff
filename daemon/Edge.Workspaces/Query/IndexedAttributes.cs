using Edge.Dicom.Data;

namespace Edge.Workspaces.Query;

/// <summary>How a key of an attribute is matched (PS3.4 C.2.2.2).</summary>
internal enum MatchKind
{
    /// <summary>Single value or list of UIDs; no wildcards.</summary>
    Uid,

    /// <summary>Case-sensitive single value, list or wildcard.</summary>
    Text,

    /// <summary>Like <see cref="Text"/> but case-insensitive.</summary>
    PersonName,

    /// <summary>Single date or range.</summary>
    Date,

    /// <summary>Single time (matching the span its precision denotes) or range.</summary>
    Time,

    /// <summary>Single integer or list.</summary>
    Integer,

    /// <summary>Matches when any of the study's series modalities matches.</summary>
    ModalitiesInStudy,

    /// <summary>Matches when any of the study's instances has one of the SOP classes.</summary>
    SopClassesInStudy,

    /// <summary>Computed or constant: returned, never matched on.</summary>
    ReturnOnly,
}

/// <summary>
/// An attribute the index answers: its level, its VR, the SQL that returns its value and the column it is matched on.
/// Table aliases: p patients, st studies, se series, i instances.
/// </summary>
internal sealed record IndexedAttribute(DicomTag Tag, DicomVR VR, QueryLevel Level, string Select, MatchKind Kind, string? MatchColumn = null)
{
    public string Column => MatchColumn ?? Select;
}

/// <summary>The attributes of PS3.4 C.6 the index keeps (or computes), per level.</summary>
internal static class IndexedAttributes
{
    private static readonly IndexedAttribute[] All =
    [
        new(DicomTags.PatientName, DicomVR.PN, QueryLevel.Patient, "p.patient_name", MatchKind.PersonName, "p.patient_name_fold"),
        new(DicomTags.PatientID, DicomVR.LO, QueryLevel.Patient, "p.patient_id", MatchKind.Text),
        new(DicomTags.PatientBirthDate, DicomVR.DA, QueryLevel.Patient, "p.birth_date", MatchKind.Date, "p.birth_date_key"),
        new(DicomTags.PatientSex, DicomVR.CS, QueryLevel.Patient, "p.sex", MatchKind.Text),
        new(DicomTags.NumberOfPatientRelatedStudies, DicomVR.IS, QueryLevel.Patient,
            "(SELECT count(*) FROM studies x WHERE x.patient_ref = p.id)", MatchKind.ReturnOnly),
        new(DicomTags.NumberOfPatientRelatedSeries, DicomVR.IS, QueryLevel.Patient,
            "(SELECT count(*) FROM series y JOIN studies x ON x.id = y.study_ref WHERE x.patient_ref = p.id)", MatchKind.ReturnOnly),
        new(DicomTags.NumberOfPatientRelatedInstances, DicomVR.IS, QueryLevel.Patient,
            "(SELECT count(*) FROM instances z JOIN series y ON y.id = z.series_ref JOIN studies x ON x.id = y.study_ref WHERE x.patient_ref = p.id)",
            MatchKind.ReturnOnly),

        new(DicomTags.StudyInstanceUID, DicomVR.UI, QueryLevel.Study, "st.study_uid", MatchKind.Uid),
        new(DicomTags.StudyDate, DicomVR.DA, QueryLevel.Study, "st.study_date", MatchKind.Date, "st.study_date_key"),
        new(DicomTags.StudyTime, DicomVR.TM, QueryLevel.Study, "st.study_time", MatchKind.Time, "st.study_time_key"),
        new(DicomTags.AccessionNumber, DicomVR.SH, QueryLevel.Study, "st.accession", MatchKind.Text),
        new(DicomTags.StudyID, DicomVR.SH, QueryLevel.Study, "st.study_id", MatchKind.Text),
        new(DicomTags.StudyDescription, DicomVR.LO, QueryLevel.Study, "st.description", MatchKind.Text),
        new(DicomTags.ReferringPhysicianName, DicomVR.PN, QueryLevel.Study, "st.referring", MatchKind.PersonName, "st.referring_fold"),
        new(DicomTags.ModalitiesInStudy, DicomVR.CS, QueryLevel.Study,
            @"(SELECT replace(group_concat(DISTINCT y.modality), ',', '\') FROM series y WHERE y.study_ref = st.id AND y.modality <> '')",
            MatchKind.ModalitiesInStudy, "y.modality"),
        new(DicomTags.SOPClassesInStudy, DicomVR.UI, QueryLevel.Study,
            @"(SELECT replace(group_concat(DISTINCT z.sop_class_uid), ',', '\') FROM instances z JOIN series y ON y.id = z.series_ref WHERE y.study_ref = st.id)",
            MatchKind.SopClassesInStudy, "z.sop_class_uid"),
        new(DicomTags.NumberOfStudyRelatedSeries, DicomVR.IS, QueryLevel.Study,
            "(SELECT count(*) FROM series y WHERE y.study_ref = st.id)", MatchKind.ReturnOnly),
        new(DicomTags.NumberOfStudyRelatedInstances, DicomVR.IS, QueryLevel.Study,
            "(SELECT count(*) FROM instances z JOIN series y ON y.id = z.series_ref WHERE y.study_ref = st.id)", MatchKind.ReturnOnly),
        // Everything indexed is on disk.
        new(DicomTags.InstanceAvailability, DicomVR.CS, QueryLevel.Study, "'ONLINE'", MatchKind.ReturnOnly),

        new(DicomTags.SeriesInstanceUID, DicomVR.UI, QueryLevel.Series, "se.series_uid", MatchKind.Uid),
        new(DicomTags.Modality, DicomVR.CS, QueryLevel.Series, "se.modality", MatchKind.Text),
        new(DicomTags.SeriesNumber, DicomVR.IS, QueryLevel.Series, "se.series_number", MatchKind.Integer),
        new(DicomTags.SeriesDescription, DicomVR.LO, QueryLevel.Series, "se.description", MatchKind.Text),
        new(DicomTags.NumberOfSeriesRelatedInstances, DicomVR.IS, QueryLevel.Series,
            "(SELECT count(*) FROM instances z WHERE z.series_ref = se.id)", MatchKind.ReturnOnly),

        new(DicomTags.SOPInstanceUID, DicomVR.UI, QueryLevel.Image, "i.sop_uid", MatchKind.Uid),
        new(DicomTags.SOPClassUID, DicomVR.UI, QueryLevel.Image, "i.sop_class_uid", MatchKind.Uid),
        new(DicomTags.InstanceNumber, DicomVR.IS, QueryLevel.Image, "i.instance_number", MatchKind.Integer),
        new(DicomTags.AvailableTransferSyntaxUID, DicomVR.UI, QueryLevel.Image, "i.transfer_syntax", MatchKind.ReturnOnly),
    ];

    private static readonly Dictionary<DicomTag, IndexedAttribute> s_byTag = All.ToDictionary(a => a.Tag);

    public static IndexedAttribute? Find(DicomTag tag) => s_byTag.GetValueOrDefault(tag);

    /// <summary>The unique key of a level: PatientID, StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID.</summary>
    public static DicomTag UniqueKey(QueryLevel level) => level switch
    {
        QueryLevel.Patient => DicomTags.PatientID,
        QueryLevel.Study => DicomTags.StudyInstanceUID,
        QueryLevel.Series => DicomTags.SeriesInstanceUID,
        _ => DicomTags.SOPInstanceUID,
    };

    /// <summary>
    /// The unique keys a response at <paramref name="level"/> carries: the level's own and those of the levels above
    /// it in the model (PS3.4 C.6.1.1, C.6.2.1), so that a relational match can be retrieved with the baseline
    /// hierarchical keys. Without a model, the level's own only.
    /// </summary>
    public static IEnumerable<DicomTag> UniqueKeys(QueryLevel level, QueryModel? model)
    {
        var top = model?.TopLevel() ?? level;
        for (var l = top; l <= level; l++)
        {
            yield return UniqueKey(l);
        }
    }

    /// <summary>SQL giving the workspace-relative path of an entity's first instance, whose header answers unindexed keys.</summary>
    public static string FirstInstancePath(QueryLevel level) => level switch
    {
        QueryLevel.Patient => "(SELECT z.path FROM instances z JOIN series y ON y.id = z.series_ref JOIN studies x ON x.id = y.study_ref " +
            "WHERE x.patient_ref = p.id ORDER BY z.id LIMIT 1)",
        QueryLevel.Study => "(SELECT z.path FROM instances z JOIN series y ON y.id = z.series_ref WHERE y.study_ref = st.id ORDER BY z.id LIMIT 1)",
        QueryLevel.Series => "(SELECT z.path FROM instances z WHERE z.series_ref = se.id ORDER BY z.id LIMIT 1)",
        _ => "i.path",
    };

    /// <summary>The tables joined for a level, up to the patient.</summary>
    public static string From(QueryLevel level) => level switch
    {
        QueryLevel.Patient => "patients p",
        QueryLevel.Study => "studies st JOIN patients p ON p.id = st.patient_ref",
        QueryLevel.Series => "series se JOIN studies st ON st.id = se.study_ref JOIN patients p ON p.id = st.patient_ref",
        _ => "instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref JOIN patients p ON p.id = st.patient_ref",
    };

    /// <summary>The alias of the level's own table, for ordering.</summary>
    public static string Alias(QueryLevel level) => level switch
    {
        QueryLevel.Patient => "p",
        QueryLevel.Study => "st",
        QueryLevel.Series => "se",
        _ => "i",
    };
}
