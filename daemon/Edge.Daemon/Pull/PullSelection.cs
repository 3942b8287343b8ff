using System.Text.Json.Serialization;
using Edge.Dicom.Data;

namespace Edge.Daemon.Pull;

/// <summary>What a pull asks the PACS for.</summary>
public enum PullSelectionKind
{
    AccessionNumber,
    StudyInstanceUid,

    /// <summary>A patient's studies, optionally within a study date range.</summary>
    Patient,

    /// <summary>Several studies, each by accession number or Study Instance UID (<c>edgectl pull --file list.csv</c>).</summary>
    StudyList,
}

/// <summary>One study of a list: by accession number or by Study Instance UID, exactly one of them.</summary>
public sealed record StudyKey(string? AccessionNumber = null, string? StudyInstanceUid = null)
{
    public static StudyKey ByAccessionNumber(string accessionNumber) => new(AccessionNumber: accessionNumber);

    public static StudyKey ByStudyInstanceUid(string studyInstanceUid) => new(StudyInstanceUid: studyInstanceUid);
}

/// <summary>
/// The studies a pull selects. Its values are identifiers from the hospital: they go to the PACS and into the pull's
/// state file, never into a log line, a progress message or an exception message.
/// </summary>
public sealed record PullSelection
{
    /// <summary>Longest value of the keys sent (LO, the longest VR among them, holds 64 characters).</summary>
    private const int MaxValueLength = 64;

    /// <summary>Most studies one list may name; larger projects are pulled in several lists.</summary>
    public const int MaxStudies = 10_000;

    [JsonConstructor]
    public PullSelection(PullSelectionKind kind, IReadOnlyList<StudyKey> studies, string? patientId, string? studyDateFrom, string? studyDateTo)
    {
        Kind = kind;
        Studies = studies;
        PatientId = patientId;
        StudyDateFrom = studyDateFrom;
        StudyDateTo = studyDateTo;
    }

    public PullSelectionKind Kind { get; }

    /// <summary>The studies named (one for an accession number or a study UID); empty for a patient selection.</summary>
    public IReadOnlyList<StudyKey> Studies { get; }

    public string? PatientId { get; }

    /// <summary>Inclusive YYYYMMDD bounds of a patient selection; null leaves that end open.</summary>
    public string? StudyDateFrom { get; }

    public string? StudyDateTo { get; }

    public static PullSelection ByAccessionNumber(string accessionNumber) =>
        new(PullSelectionKind.AccessionNumber, [StudyKey.ByAccessionNumber(accessionNumber)], null, null, null);

    public static PullSelection ByStudyInstanceUid(string studyInstanceUid) =>
        new(PullSelectionKind.StudyInstanceUid, [StudyKey.ByStudyInstanceUid(studyInstanceUid)], null, null, null);

    public static PullSelection ByPatient(string patientId, string? studyDateFrom = null, string? studyDateTo = null) =>
        new(PullSelectionKind.Patient, [], patientId, Blank(studyDateFrom), Blank(studyDateTo));

    public static PullSelection ByStudies(IEnumerable<StudyKey> studies) => new(PullSelectionKind.StudyList, studies.ToList(), null, null, null);

    /// <summary>How many keys the selection holds, for logs (the only thing about it that may be logged).</summary>
    public int KeyCount => Kind == PullSelectionKind.Patient ? 1 : Studies.Count;

    /// <summary>Checks the values; messages name the field, never its value.</summary>
    /// <exception cref="PullRequestException">A value is missing, too long, holds a wildcard or backslash, or a date is not YYYYMMDD.</exception>
    public void Validate()
    {
        if (Kind == PullSelectionKind.Patient)
        {
            RequireValue(PatientId, "patient ID");
            RequireDate(StudyDateFrom, "study date from");
            RequireDate(StudyDateTo, "study date to");
            if (StudyDateFrom is { } from && StudyDateTo is { } to && string.CompareOrdinal(from, to) > 0)
            {
                throw new PullRequestException("The study date range ends before it starts.");
            }
            return;
        }
        if (Studies.Count == 0 || (Kind != PullSelectionKind.StudyList && Studies.Count != 1))
        {
            throw new PullRequestException("The selection names no study.");
        }
        if (Studies.Count > MaxStudies)
        {
            throw new PullRequestException($"The list names {Studies.Count} studies; at most {MaxStudies} may be pulled at once.");
        }
        for (var i = 0; i < Studies.Count; i++)
        {
            var key = Studies[i];
            if ((key.AccessionNumber is null) == (key.StudyInstanceUid is null))
            {
                throw new PullRequestException($"Study {i + 1} of the list must give exactly one of an accession number and a Study Instance UID.");
            }
            if (key.StudyInstanceUid is { } uid)
            {
                RequireValue(uid, $"study {i + 1}: Study Instance UID");
                if (!uid.All(c => char.IsAsciiDigit(c) || c == '.'))
                {
                    throw new PullRequestException($"Study {i + 1} of the list: a Study Instance UID holds only digits and dots.");
                }
            }
            else
            {
                RequireValue(key.AccessionNumber, $"study {i + 1}: accession number");
            }
        }
    }

    /// <summary>The STUDY level C-FIND identifiers that find the selected studies, one per key.</summary>
    internal IEnumerable<DicomDataset> FindIdentifiers()
    {
        if (Kind == PullSelectionKind.Patient)
        {
            var range = StudyDateFrom is null && StudyDateTo is null ? "" : $"{StudyDateFrom}-{StudyDateTo}";
            yield return Identifier(i =>
            {
                i.SetString(DicomTags.PatientID, DicomVR.LO, PatientId!);
                i.SetString(DicomTags.StudyDate, DicomVR.DA, range);
            });
            yield break;
        }
        foreach (var key in Studies)
        {
            yield return Identifier(i =>
            {
                if (key.StudyInstanceUid is { } uid)
                {
                    i.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, uid);
                }
                else
                {
                    i.SetString(DicomTags.AccessionNumber, DicomVR.SH, key.AccessionNumber!);
                }
            });
        }
    }

    private static DicomDataset Identifier(Action<DicomDataset> keys)
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.SetEmpty(DicomTags.StudyInstanceUID, DicomVR.UI);
        identifier.SetEmpty(DicomTags.PatientID, DicomVR.LO);
        keys(identifier);
        return identifier;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void RequireValue(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxValueLength)
        {
            throw new PullRequestException($"The {field} must have 1 to {MaxValueLength} characters.");
        }
        // A wildcard or a backslash would make the PACS match more than was asked for.
        if (value.Any(c => c is '*' or '?' or '\\' || char.IsControl(c)))
        {
            throw new PullRequestException($"The {field} must not contain *, ?, \\ or control characters.");
        }
        if (value != value.Trim())
        {
            throw new PullRequestException($"The {field} must not start or end with spaces.");
        }
    }

    private static void RequireDate(string? value, string field)
    {
        if (value is not null && (value.Length != 8 || !value.All(char.IsAsciiDigit)
            || !DateOnly.TryParseExact(value, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _)))
        {
            throw new PullRequestException($"The {field} must be a date as YYYYMMDD.");
        }
    }
}
