namespace Edge.Ledger.Access;

/// <summary>The pseudonym and date shift a workspace gave a patient.</summary>
public sealed record PatientPseudonym(string Pseudonym, int DateOffsetDays);

/// <summary>One study of a re-identified patient, original and pseudonymised.</summary>
public sealed record StudyIdentity(
    string OriginalUid,
    string PseudonymisedUid,
    string? OriginalAccessionNumber,
    string? PseudonymisedAccessionNumber,
    string? OriginalStudyDate,
    string? PseudonymisedStudyDate);

/// <summary>A re-identified patient: the identity as first received, the pseudonym, and the studies seen.</summary>
public sealed record PatientIdentity(
    string PatientId,
    string? Issuer,
    string? Name,
    string? BirthDate,
    string Pseudonym,
    int DateOffsetDays,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<StudyIdentity> Studies);

/// <summary>Direction of a UID lookup.</summary>
public enum UidDirection
{
    /// <summary>Original UID to the UID that replaced it (a lookup).</summary>
    ToPseudonymised,

    /// <summary>Pseudonymised UID back to the original (a re-identification).</summary>
    ToOriginal,
}
