using Edge.Control.Access;
using Edge.Control.Wire;

namespace Edge.Control.Audit;

/// <summary>
/// One control call as the audit trail sees it: who (peer credentials and the grants they carried), which method,
/// and how it ended. Never the request or the answer, which may hold identifiers.
/// </summary>
/// <param name="Method">The gRPC path, for example "/edge.control.v1.Ledger/ReidentifyPatient" (at most 200 characters).</param>
/// <param name="Refused">
/// True when the caller's grants did not allow the method: it was refused with PERMISSION_DENIED before it ran.
/// </param>
public sealed record ControlAuditRecord(
    DateTimeOffset At,
    string Method,
    PeerCredentials Peer,
    ControlGrants Grants,
    StatusCode Outcome,
    bool Refused,
    TimeSpan Duration);
