namespace Edge.Ledger.Audit;

/// <summary>
/// Result of walking the chain. When broken, <see cref="BrokenAt"/> is the sequence number of the first event whose
/// link does not hold and <see cref="Problem"/> says how (content changed, event missing, events out of order).
/// </summary>
public sealed record AuditVerification(bool Intact, long EventsChecked, long? BrokenAt, string? Problem)
{
    public static AuditVerification Ok(long count) => new(true, count, null, null);

    public static AuditVerification Broken(long checkedCount, long at, string problem) => new(false, checkedCount, at, problem);
}
