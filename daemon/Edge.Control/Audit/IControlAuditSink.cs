namespace Edge.Control.Audit;

/// <summary>
/// Told of every control call and every refusal before the caller learns the outcome (a refusal is recorded before
/// PERMISSION_DENIED is sent, a unary answer before it is sent). A sink that throws turns a call that would have
/// succeeded into INTERNAL: an unaudited call does not succeed.
/// </summary>
public interface IControlAuditSink
{
    ValueTask RecordAsync(ControlAuditRecord record, CancellationToken cancellationToken);
}
