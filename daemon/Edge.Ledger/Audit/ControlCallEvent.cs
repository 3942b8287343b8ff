namespace Edge.Ledger.Audit;

/// <summary>
/// One call on the daemon's control plane as the audit trail keeps it: who called (from the socket's peer
/// credentials), which method, how it ended. Never the request or the answer, which may hold identities.
/// </summary>
/// <param name="Method">The gRPC path, for example "/edge.control.v1.Ledger/ReidentifyPatient".</param>
/// <param name="Outcome">The status the call ended with, for example "OK" or "PERMISSION_DENIED".</param>
/// <param name="Grants">The roles the caller's credentials carried, for example "Admin, Reidentify".</param>
/// <param name="Refused">The caller's roles did not allow the method: it never ran.</param>
public sealed record ControlCallEvent(
    uint UserId,
    uint GroupId,
    int ProcessId,
    string Method,
    string Outcome,
    string Grants,
    bool Refused,
    TimeSpan Duration);
