using System.CommandLine;
using Edge.Cli.Shell;
using Edge.Control.V1;

namespace Edge.Cli.Ingest;

/// <summary><c>edgectl ingest status</c> and <c>edgectl watch</c>: what the DICOM listener receives (edge.control.v1.Ingest).</summary>
public static class IngestCommands
{
    private const string Service = "/edge.control.v1.Ingest/";

    private static Option<string?> WorkspaceOption() =>
        new("--workspace", "-w") { Description = "Only this workspace (default: all)", HelpName = "NAME" };

    public static Command Create(CommandSetup setup)
    {
        var workspace = WorkspaceOption();
        var status = new Command("status", "Throughput since the daemon started, open associations, recent errors") { workspace };
        setup.Example(status, "edgectl ingest status", "edgectl --json ingest status --workspace lung-ct");
        setup.Action(status, async (parse, session) =>
        {
            var answer = await session.CallAsync<GetIngestStatusRequest, IngestStatus>(Service + "GetIngestStatus",
                new GetIngestStatusRequest { Workspace = parse.GetValue(workspace) ?? "" }).ConfigureAwait(false);
            session.Answer(w => IngestViews.WriteJson(w, answer), () => session.Out.Write(IngestViews.Status(answer)));
            return ExitCodes.Success;
        });
        var command = new Command("ingest", "What the DICOM listener is receiving");
        command.Subcommands.Add(status);
        return command;
    }

    public static Command CreateWatch(CommandSetup setup)
    {
        var workspace = WorkspaceOption();
        var interval = new Option<uint>("--interval")
        {
            Description = "Seconds between status snapshots (default: the daemon's, 10)",
            HelpName = "SECONDS",
        };
        var command = new Command("watch", "Follow ingest as it happens: a line per event (one JSON object per line with --json) until Ctrl-C")
        {
            workspace, interval,
        };
        setup.Example(command, "edgectl watch", "edgectl --json watch --workspace lung-ct | jq -c 'select(.event == \"error\")'");
        setup.Action(command, async (parse, session) =>
        {
            var request = new WatchIngestRequest { Workspace = parse.GetValue(workspace) ?? "", SnapshotIntervalSeconds = parse.GetValue(interval) };
            await foreach (var e in session.StreamAsync<WatchIngestRequest, IngestEvent>(Service + "WatchIngest", request).ConfigureAwait(false))
            {
                if (session.Json)
                {
                    session.WriteJsonLine(w => IngestViews.WriteJson(w, e));
                }
                else
                {
                    session.Say(IngestViews.Line(e));
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
