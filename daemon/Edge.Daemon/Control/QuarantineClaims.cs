using System.Collections.Concurrent;
using Edge.Control.Methods;
using Edge.Control.Wire;

namespace Edge.Daemon.Control;

/// <summary>
/// The quarantined items a retry, an approval, a rejection or a deletion is working on, one call per item at a time:
/// a rejection must not delete what an approval is publishing, nor two approvals publish one item twice. Shared by
/// every call of the daemon (the quarantine belongs to it alone); shown as the item's PROCESSING state.
/// </summary>
internal sealed class QuarantineClaims
{
    private readonly ConcurrentDictionary<string, byte> _busy = new(StringComparer.Ordinal);

    public bool IsBusy(string id) => _busy.ContainsKey(id);

    /// <summary>Claims the item until the result is disposed; ABORTED when another call holds it.</summary>
    public IDisposable Claim(string id) =>
        _busy.TryAdd(id, 0)
            ? new Release(_busy, id)
            : throw new ControlRpcException(StatusCode.Aborted, "Another call (a retry, an approval, a rejection or a deletion) is working on this quarantined item; try again when it is done.");

    private sealed class Release(ConcurrentDictionary<string, byte> busy, string id) : IDisposable
    {
        public void Dispose() => busy.TryRemove(id, out _);
    }
}
