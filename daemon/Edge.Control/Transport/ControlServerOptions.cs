using System.Text;

namespace Edge.Control.Transport;

/// <summary>Where the control socket is and what it accepts; the defaults suit a systemd-run daemon.</summary>
public sealed class ControlServerOptions
{
    public const string DefaultSocketPath = "/run/edge/control.sock";

    // sun_path holds 108 bytes, the last a NUL.
    private const int MaxSocketPathBytes = 107;

    /// <summary>The Unix socket; a stale one left by a crash is replaced, a live one refused.</summary>
    public string SocketPath { get; init; } = DefaultSocketPath;

    /// <summary>
    /// Group given the socket (mode 0660) so that its members can connect; when it does not exist the socket keeps the
    /// daemon's group and a warning is logged. Null or empty: keep the daemon's group.
    /// </summary>
    public string? SocketGroup { get; init; } = "edge-admin";

    /// <summary>Largest request message accepted; a larger one is answered RESOURCE_EXHAUSTED unread.</summary>
    public int MaxReceiveMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>How long stopping waits for calls in progress (after cancelling them) before closing connections.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(SocketPath))
        {
            throw new ControlException("The control socket path must not be empty.");
        }
        if (Encoding.UTF8.GetByteCount(Path.GetFullPath(SocketPath)) > MaxSocketPathBytes)
        {
            throw new ControlException(
                $"The control socket path {SocketPath} is longer than the {MaxSocketPathBytes} bytes a Unix socket address holds.");
        }
        if (MaxReceiveMessageSize < 1)
        {
            throw new ControlException("The control plane's largest message size must be positive.");
        }
        if (ShutdownTimeout < TimeSpan.Zero)
        {
            throw new ControlException("The control plane's shutdown timeout must not be negative.");
        }
    }
}
