using System.Net.Sockets;
using Edge.Control.Access;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Edge.Control.Transport;

/// <summary>
/// Reads the peer's credentials once per connection, before any HTTP/2 frame, and hands them to the calls of that
/// connection; a connection whose credentials cannot be read is closed (fail closed: no uid, no call).
/// </summary>
internal static class PeerCredentialsMiddleware
{
    public static Func<ConnectionDelegate, ConnectionDelegate> Create(ILogger logger) => next => async connection =>
    {
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        PeerCredentials credentials;
        try
        {
            credentials = socket is not null
                ? PeerCredentials.Read(socket)
                : throw new ControlException("the transport exposes no socket");
        }
        catch (Exception e) when (e is SocketException or ControlException)
        {
            ControlLog.NoPeerCredentials(logger, e.Message);
            connection.Abort();
            return;
        }
        connection.Features.Set(new PeerCredentialsFeature(credentials));
        await next(connection).ConfigureAwait(false);
    };
}

/// <summary>The peer credentials of the connection a call arrived on.</summary>
internal sealed class PeerCredentialsFeature(PeerCredentials credentials)
{
    public PeerCredentials Credentials { get; } = credentials;
}
