namespace Edge.Deid.Engine;

/// <summary>How an instance came out of the engine.</summary>
public enum DeidStatus
{
    /// <summary>Fully de-identified; may be stored.</summary>
    Deidentified,

    /// <summary>Cannot be released without a person looking at it (e.g. pixel text that could not be cleaned).</summary>
    HeldForReview,
}

/// <summary>The pairing of one patient's identity with its pseudonym, for the ledger. Never logged.</summary>
public sealed record PatientMapping(
    string OriginalPatientId,
    string Issuer,
    string OriginalName,
    string OriginalBirthDate,
    string Pseudonym,
    int DateOffsetDays);

/// <summary>One original UID and the one that replaced it, with the attribute it was found in.</summary>
public sealed record UidMapping(string Original, string Pseudonymised, string Keyword);

/// <summary>Everything the engine changed that the ledger keeps to allow controlled re-identification.</summary>
public sealed record InstanceMappings(
    PatientMapping Patient,
    string OriginalStudyUid,
    string StudyUid,
    string OriginalAccessionNumber,
    string AccessionNumber,
    string OriginalStudyDate,
    string StudyDate,
    string OriginalSeriesUid,
    string SeriesUid,
    string OriginalSopInstanceUid,
    string SopInstanceUid,
    IReadOnlyList<UidMapping> OtherUids);

/// <summary>
/// The result for one instance: status, the reason when held, the mappings, and how many elements each action
/// touched (for the audit trail: counts and keywords, never values).
/// </summary>
public sealed record DeidOutcome(
    DeidStatus Status,
    string? Reason,
    InstanceMappings Mappings,
    IReadOnlyDictionary<string, int> ActionCounts);

/// <summary>An instance that cannot be fully de-identified: it must go to quarantine, never to a workspace.</summary>
public sealed class DeidException(string message, Exception? inner = null) : Exception(message, inner);
