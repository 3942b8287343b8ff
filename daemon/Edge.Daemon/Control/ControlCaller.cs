using System.Globalization;
using Edge.Control.Methods;
using Edge.Ledger.Access;

namespace Edge.Daemon.Control;

/// <summary>How a control caller is named in the ledger: by the uid the kernel reported for its socket.</summary>
internal static class ControlCaller
{
    public static string Actor(ControlCallContext context) =>
        "uid " + context.Peer.UserId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The caller and its reason, for the ledger's audited lookups (which refuse a blank reason).</summary>
    public static AccessRequest Request(ControlCallContext context, string reason) => new(Actor(context), reason);
}
