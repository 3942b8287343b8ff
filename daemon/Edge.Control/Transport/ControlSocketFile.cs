using System.Net.Sockets;
using Edge.Control.Interop;
using Edge.Platform;
using Microsoft.Extensions.Logging;

namespace Edge.Control.Transport;

/// <summary>
/// The socket file's life: claimed before binding (a stale socket from a crash is removed, a live one or any other
/// kind of file refused), secured after (0660, the configured group), removed at stop.
/// </summary>
internal static class ControlSocketFile
{
    private const UnixFileMode SocketMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>Makes the path free to bind; returns the directory it created (0750) for the socket, if any.</summary>
    public static async Task<string?> ClaimAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        string? created = null;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
            created = directory;
        }
        if (!File.Exists(path))
        {
            return created;
        }
        if (!UnixFiles.IsSocket(path))
        {
            throw new ControlException($"{path} exists and is not a socket; refusing to replace it with the control socket.");
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(path);
            ControlLog.StaleSocketRemoved(logger, path);
            return created;
        }
        catch (SocketException e)
        {
            throw new ControlException($"Cannot tell whether {path} is in use: {e.Message}.", e);
        }
        throw new ControlException($"Another process is listening on {path}; is another edged running?");
    }

    /// <summary>Mode 0660, and the group when it exists; returns the group applied, or null.</summary>
    public static string? Secure(string path, string? createdDirectory, string? group, ILogger logger)
    {
        File.SetUnixFileMode(path, SocketMode);
        if (string.IsNullOrEmpty(group))
        {
            return null;
        }
        if (UnixAccounts.FindGroupId(group) is not { } gid)
        {
            ControlLog.SocketGroupMissing(logger, group);
            return null;
        }
        UnixFiles.ChangeGroup(path, gid);
        if (createdDirectory is not null)
        {
            UnixFiles.ChangeGroup(createdDirectory, gid);
        }
        return group;
    }

    /// <summary>Removes the socket at stop, if it is still a socket (never another file put there since).</summary>
    public static void Release(string path)
    {
        try
        {
            if (File.Exists(path) && UnixFiles.IsSocket(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ControlException)
        {
            // Harmless: the next start removes a stale socket.
        }
    }
}
