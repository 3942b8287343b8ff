using System.Net.Sockets;
using System.Text;

namespace Edge.Daemon.Systemd;

/// <summary>
/// The sd_notify protocol (systemd's Type=notify): datagrams of KEY=VALUE lines sent to the socket named in
/// $NOTIFY_SOCKET (an abstract one when it starts with '@'). Without that variable every call does nothing, so the
/// daemon behaves the same outside systemd.
/// </summary>
public sealed class SdNotify : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;

    public SdNotify(string? notifySocket = null)
    {
        var path = notifySocket ?? Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }
        // An abstract socket name is written with '@' and starts with a NUL byte on the wire.
        _endPoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    public bool Enabled => _socket is not null;

    /// <summary>The watchdog interval systemd expects pings within ($WATCHDOG_USEC), if it set one for this process.</summary>
    public static TimeSpan? WatchdogInterval()
    {
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!long.TryParse(usec, out var us) || us <= 0)
        {
            return null;
        }
        if (int.TryParse(pid, out var p) && p != Environment.ProcessId)
        {
            return null;
        }
        return TimeSpan.FromMicroseconds(us);
    }

    public void Ready(string status) => Send($"READY=1\nSTATUS={status}\nMAINPID={Environment.ProcessId}");

    public void Stopping(string status) => Send($"STOPPING=1\nSTATUS={status}");

    public void Watchdog() => Send("WATCHDOG=1");

    public void Status(string status) => Send($"STATUS={status}");

    private void Send(string message)
    {
        if (_socket is null)
        {
            return;
        }
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(message), _endPoint!);
        }
        catch (SocketException)
        {
            // systemd went away or the socket is not ours to use: notifications are best effort.
        }
    }

    public void Dispose() => _socket?.Dispose();
}
