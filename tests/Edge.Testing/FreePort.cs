using System.Net;
using System.Net.Sockets;

namespace Edge.Testing;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago (for peers that cannot be given port 0).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
