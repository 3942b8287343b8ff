namespace Edge.Ledger.Mappings;

/// <summary>An original UID and the UID that replaced it.</summary>
public readonly record struct UidPair(string Original, string Pseudonymised);

/// <summary>The patient as received and as pseudonymised; the issuer is null when the instance had none.</summary>
public sealed record PatientMapping(
    string OriginalPatientId,
    string? Issuer,
    string? OriginalName,
    string? OriginalBirthDate,
    string Pseudonym,
    int DateOffsetDays);

/// <summary>The study as received and as pseudonymised (accession number and date are null when absent).</summary>
public sealed record StudyMapping(
    UidPair Uid,
    string? OriginalAccessionNumber,
    string? PseudonymisedAccessionNumber,
    string? OriginalStudyDate,
    string? PseudonymisedStudyDate);

/// <summary>
/// Everything the de-identification engine replaced in one instance, in one workspace. Recording it is idempotent:
/// the same instance sent twice maps the same way; a different pseudonym for a known original is a conflict.
/// </summary>
public sealed record InstanceMapping(
    string Workspace,
    PatientMapping Patient,
    StudyMapping Study,
    UidPair Series,
    UidPair SopInstance,
    IReadOnlyList<UidPair> OtherUids)
{
    /// <summary>
    /// How many elements each de-identification action touched (action or keyword → count), written into the
    /// instance's audit event: names and numbers, never values.
    /// </summary>
    public IReadOnlyDictionary<string, int>? ActionCounts { get; init; }

    internal void Validate()
    {
        Naming.RequireWorkspaceName(Workspace);
        Require(Patient.OriginalPatientId, "original PatientID");
        Require(Patient.Pseudonym, "pseudonymised PatientID");
        Require(Study.Uid, "StudyInstanceUID");
        Require(Series, "SeriesInstanceUID");
        Require(SopInstance, "SOPInstanceUID");
        foreach (var other in OtherUids)
        {
            Require(other, "UID");
        }
    }

    private static void Require(UidPair pair, string what)
    {
        Require(pair.Original, "original " + what);
        Require(pair.Pseudonymised, "pseudonymised " + what);
    }

    private static void Require(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new LedgerException($"An instance mapping has no {what}; it cannot be recorded.");
        }
    }
}
