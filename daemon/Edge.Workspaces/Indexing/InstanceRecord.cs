using Edge.Dicom.Data;
using Edge.Workspaces.Storage;

namespace Edge.Workspaces.Indexing;

/// <summary>The de-identified attributes of one instance that the index keeps for C-FIND, C-GET and C-MOVE.</summary>
internal sealed record InstanceRecord
{
    /// <summary>The last tag read from a stored file's header to index it: everything indexed comes before.</summary>
    public static readonly DicomTag LastIndexedTag = DicomTags.InstanceNumber;

    public required string PatientId { get; init; }
    public required string PatientName { get; init; }
    public required string PatientBirthDate { get; init; }
    public required string PatientSex { get; init; }
    public required string StudyUid { get; init; }
    public required string StudyDate { get; init; }
    public required string StudyTime { get; init; }
    public required string AccessionNumber { get; init; }
    public required string StudyId { get; init; }
    public required string StudyDescription { get; init; }
    public required string ReferringPhysicianName { get; init; }
    public required string SeriesUid { get; init; }
    public required string Modality { get; init; }
    public required long? SeriesNumber { get; init; }
    public required string SeriesDescription { get; init; }
    public required string SopUid { get; init; }
    public required string SopClassUid { get; init; }
    public required long? InstanceNumber { get; init; }
    public required string TransferSyntaxUid { get; init; }

    /// <summary>Reads the indexed attributes; the three UIDs that name the file must be path-safe.</summary>
    /// <exception cref="InvalidUidException">A study, series or SOP instance UID is missing or not a plain UID.</exception>
    public static InstanceRecord From(DicomDataset dataset, TransferSyntax syntax)
    {
        string Text(DicomTag tag) => dataset.GetString(tag) ?? "";
        return new InstanceRecord
        {
            PatientId = Text(DicomTags.PatientID),
            PatientName = Text(DicomTags.PatientName),
            PatientBirthDate = Text(DicomTags.PatientBirthDate),
            PatientSex = Text(DicomTags.PatientSex),
            StudyUid = UidPaths.Require(dataset.GetString(DicomTags.StudyInstanceUID), "Study Instance UID"),
            StudyDate = Text(DicomTags.StudyDate),
            StudyTime = Text(DicomTags.StudyTime),
            AccessionNumber = Text(DicomTags.AccessionNumber),
            StudyId = Text(DicomTags.StudyID),
            StudyDescription = Text(DicomTags.StudyDescription),
            ReferringPhysicianName = Text(DicomTags.ReferringPhysicianName),
            SeriesUid = UidPaths.Require(dataset.GetString(DicomTags.SeriesInstanceUID), "Series Instance UID"),
            Modality = Text(DicomTags.Modality),
            SeriesNumber = DicomValues.Integer(dataset.GetString(DicomTags.SeriesNumber)),
            SeriesDescription = Text(DicomTags.SeriesDescription),
            SopUid = UidPaths.Require(dataset.GetString(DicomTags.SOPInstanceUID), "SOP Instance UID"),
            SopClassUid = Text(DicomTags.SOPClassUID),
            InstanceNumber = DicomValues.Integer(dataset.GetString(DicomTags.InstanceNumber)),
            TransferSyntaxUid = syntax.Uid,
        };
    }

    /// <summary>Where the instance lives under its workspace directory.</summary>
    public string RelativePath => UidPaths.RelativeInstancePath(StudyUid, SeriesUid, SopUid);
}
