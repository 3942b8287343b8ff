using System.CommandLine;
using Edge.Cli.Transport;

namespace Edge.Cli.Shell;

/// <summary>Options every command takes, given before or after the command name.</summary>
public sealed class GlobalOptions
{
    public const string SocketVariable = "EDGE_CONTROL_SOCKET";

    /// <summary>Seconds a call may take unless the command is long work (purge, export, backup, verify, retry, watch).</summary>
    public const int DefaultTimeoutSeconds = 60;

    public Option<string> Socket { get; } = new("--socket")
    {
        Description = $"Control socket of the daemon (default ${SocketVariable}, else {ControlChannel.DefaultSocketPath})",
        HelpName = "PATH",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 } path ? path : ControlChannel.DefaultSocketPath,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the answer as JSON for scripts (field names are stable, see the README, section edgectl)",
        Recursive = true,
    };

    public Option<int?> Timeout { get; } = new("--timeout")
    {
        Description = $"Seconds to wait for the daemon (default {DefaultTimeoutSeconds}; long work waits until done unless given)",
        HelpName = "SECONDS",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Socket);
        root.Options.Add(Json);
        root.Options.Add(Timeout);
        Timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--timeout must be a positive number of seconds.");
            }
        });
    }
}
