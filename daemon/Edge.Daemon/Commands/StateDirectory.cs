namespace Edge.Daemon.Commands;

/// <summary>
/// Where Edge keeps its state when not told: systemd's StateDirectory= ($STATE_DIRECTORY), else ./edge-state.
/// </summary>
internal static class StateDirectory
{
    public static string Default =>
        Environment.GetEnvironmentVariable("STATE_DIRECTORY")?.Split(':')[0] is { Length: > 0 } systemd
            ? systemd
            : Path.GetFullPath("edge-state");

    public static string Resolve(DirectoryInfo? given) => given?.FullName ?? Default;

    /// <summary>Who runs a command, for the audit trail: the login name and uid.</summary>
    public static string Actor => $"{Environment.UserName} (uid {Environment.GetEnvironmentVariable("SUDO_UID") ?? UnixUid()})";

    private static string UnixUid()
    {
        try
        {
            return File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
