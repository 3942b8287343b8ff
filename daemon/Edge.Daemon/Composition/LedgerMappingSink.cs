using Edge.Deid.Engine;
using Edge.Ledger;
using Edge.Ledger.Mappings;

namespace Edge.Daemon.Composition;

/// <summary>
/// Connects the de-identification engine to the ledger: each instance's mappings, translated to the ledger's records.
/// The task completes when they are committed, which is when the caller may publish or acknowledge the instance.
/// </summary>
internal sealed class LedgerMappingSink(LedgerStore ledger) : IDeidMappingSink
{
    public Task RecordAsync(string workspace, InstanceMappings m, IReadOnlyDictionary<string, int> actionCounts, CancellationToken cancellationToken)
    {
        var p = m.Patient;
        var mapping = new InstanceMapping(
            workspace,
            new Edge.Ledger.Mappings.PatientMapping(p.OriginalPatientId.Length > 0 ? p.OriginalPatientId : p.Pseudonym, NullIfEmpty(p.Issuer), NullIfEmpty(p.OriginalName),
                NullIfEmpty(p.OriginalBirthDate), p.Pseudonym, p.DateOffsetDays),
            new StudyMapping(new UidPair(m.OriginalStudyUid, m.StudyUid), NullIfEmpty(m.OriginalAccessionNumber), NullIfEmpty(m.AccessionNumber),
                NullIfEmpty(m.OriginalStudyDate), NullIfEmpty(m.StudyDate)),
            new UidPair(m.OriginalSeriesUid, m.SeriesUid),
            new UidPair(m.OriginalSopInstanceUid, m.SopInstanceUid),
            m.OtherUids.Select(u => new UidPair(u.Original, u.Pseudonymised)).ToList())
        {
            ActionCounts = actionCounts,
        };
        return ledger.RecordInstanceAsync(mapping, cancellationToken);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
