using Edge.Control.Access;

namespace Edge.Control.Methods;

/// <summary>What a handler knows of its call besides the request: who calls, with which grants, until when.</summary>
public sealed class ControlCallContext
{
    /// <summary>Built by the transport for each call; public so that handlers can be tested without a socket.</summary>
    public ControlCallContext(string method, PeerCredentials peer, ControlGrants grants, DateTimeOffset? deadline,
        CancellationToken cancellationToken)
    {
        Method = method;
        Peer = peer;
        Grants = grants;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>The gRPC path, for example "/edge.control.v1.Workspaces/CreateWorkspace".</summary>
    public string Method { get; }

    public PeerCredentials Peer { get; }

    public ControlGrants Grants { get; }

    /// <summary>When the caller stops waiting, if it said (grpc-timeout).</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Cancelled when the caller goes away, the deadline passes or the server stops: handlers must honour it.</summary>
    public CancellationToken CancellationToken { get; }
}
