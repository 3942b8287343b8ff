using System.CommandLine;

namespace Edge.Daemon.Commands;

/// <summary>
/// The edged command line: the daemon itself (<c>run</c>) and the admin tools that use the same engine offline.
/// Exit codes: 0 success, 1 the work failed (named on stderr), 2 bad usage or input that cannot be read.
/// </summary>
public static class EdgedCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("Edge: DICOM pseudonymisation gateway daemon and offline tools");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DumpCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(DeidentifyCommand.Create());
        root.Subcommands.Add(LedgerCommand.Create());
        return root;
    }
}
