using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Edge.Cli.Daemon;
using Edge.Cli.Ingest;
using Edge.Cli.Ledger;
using Edge.Cli.Quarantine;
using Edge.Cli.Workspaces;

namespace Edge.Cli.Shell;

/// <summary>
/// edgectl: one command per control call, over the daemon's control socket. Exit codes are <see cref="ExitCodes"/>;
/// a command line that does not parse exits with <see cref="ExitCodes.Usage"/>.
/// </summary>
public static class EdgectlCommandLine
{
    public static RootCommand Build()
    {
        var setup = new CommandSetup(new GlobalOptions());
        var root = new RootCommand("edgectl: administer an Edge DICOM pseudonymisation gateway through its control socket");
        setup.Options.AddTo(root);
        root.Subcommands.Add(WorkspaceCommands.Create(setup));
        root.Subcommands.Add(IngestCommands.Create(setup));
        root.Subcommands.Add(IngestCommands.CreateWatch(setup));
        root.Subcommands.Add(QuarantineCommands.Create(setup));
        root.Subcommands.Add(Pull.PullCommands.Create(setup));
        root.Subcommands.Add(LedgerCommands.Create(setup));
        root.Subcommands.Add(AuditCommands.Create(setup));
        root.Subcommands.Add(DaemonCommands.Create(setup));
        root.Subcommands.Add(DaemonCommands.CreateWhoAmI(setup));
        root.Subcommands.Add(CompletionCommand.Create());
        setup.Example(root,
            "edgectl workspace create lung-ct --ae EDGE_LUNG --caller PACS@10.1.2.3 --node GPU1@10.9.0.4:11112",
            "edgectl --json workspace list",
            "edgectl --socket /var/lib/edge/control.sock system health");
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Action = new ExamplesHelpAction((HelpAction)help.Action!, setup.Examples);
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // No response files: "@10.1.2.3" is a host (--caller @HOST), not a file of arguments.
        var parse = Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var code = await parse.InvokeAsync().ConfigureAwait(false);
        // The parser reports its errors (with help) itself; its exit code is made the documented one.
        return parse.Action is ParseErrorAction ? ExitCodes.Usage : code;
    }
}
