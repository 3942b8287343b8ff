using System.Diagnostics;
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

    /// <summary>Waits until something listens on the port (a peer started as a process that prints no ready line).</summary>
    /// <param name="what">The peer, for the error when it does not listen in time or exits first.</param>
    public static void WaitUntilListening(int port, Process process, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException($"{what} is not listening on port {port}");
    }
}
