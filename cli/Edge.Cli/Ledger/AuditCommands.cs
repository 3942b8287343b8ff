using System.CommandLine;
using System.Globalization;
using Edge.Cli.Shell;
using Edge.Control.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Cli.Ledger;

/// <summary><c>edgectl audit query|verify</c>: the ledger's hash-chained audit trail (auditor, or admin).</summary>
public static class AuditCommands
{
    private const string Service = "/edge.control.v1.Ledger/";

    public static Command Create(CommandSetup setup)
    {
        var command = new Command("audit", "Read and verify the audit trail (every lookup, export, change and control call)");
        command.Subcommands.Add(Query(setup));
        command.Subcommands.Add(Verify(setup));
        return command;
    }

    private static Command Query(CommandSetup setup)
    {
        var after = new Option<ulong>("--after") { Description = "Events after this sequence number (to page on)", HelpName = "SEQ" };
        var limit = new Option<uint>("--limit") { Description = "At most this many events (default: the daemon's, 100; at most 1000)", HelpName = "N" };
        var workspace = new Option<string?>("--workspace", "-w") { Description = "Only this workspace's events", HelpName = "NAME" };
        var kind = new Option<string?>("--kind") { Description = "Only this kind, for example reidentification, refusal, control-call, purge", HelpName = "KIND" };
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only events at or after this date or instant (UTC unless an offset is given)",
            HelpName = "YYYY-MM-DD[THH:MM:SS]",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                {
                    return instant;
                }
                result.AddError($"--since: '{text}' is not a date or an instant.");
                return null;
            },
        };
        var command = new Command("query", "List audit events in sequence order") { after, limit, workspace, kind, since };
        setup.Example(command,
            "edgectl audit query --kind reidentification --since 2026-01-01",
            "edgectl --json audit query --after 1200 --limit 1000 | jq '.entries[] | select(.kind == \"refusal\")'");
        setup.Action(command, async (parse, session) =>
        {
            var request = new QueryAuditRequest
            {
                AfterSequence = parse.GetValue(after),
                MaxCount = parse.GetValue(limit),
                Workspace = parse.GetValue(workspace) ?? "",
                Kind = parse.GetValue(kind) ?? "",
            };
            if (parse.GetValue(since) is { } from)
            {
                request.Since = Timestamp.FromDateTimeOffset(from);
            }
            var answer = await session.CallAsync<QueryAuditRequest, QueryAuditResponse>(Service + "QueryAudit", request).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.WriteStartArray("entries");
                foreach (var e in answer.Entries)
                {
                    LedgerViews.WriteJson(w, e);
                }
                w.WriteEndArray();
                w.WriteBoolean("more", answer.More);
            }, () =>
            {
                session.Out.Write(LedgerViews.Audit(answer.Entries));
                if (answer.More && answer.Entries.Count > 0)
                {
                    session.Say($"More events: --after {answer.Entries[^1].Sequence}");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Verify(CommandSetup setup)
    {
        var command = new Command("verify", "Walk the audit hash chain and report the first edited, deleted or reordered event");
        setup.Example(command, "edgectl audit verify");
        setup.Action(command, async (_, session) =>
        {
            var answer = await session.WhileWaitingAsync("Verifying the audit chain",
                () => session.LongCallAsync<VerifyAuditRequest, VerifyAuditResponse>(Service + "VerifyAudit", new())).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.WriteBoolean("intact", answer.Intact);
                w.WriteNumber("events_checked", answer.EventsChecked);
                if (answer.Intact)
                {
                    w.WriteNull("broken_at");
                    w.WriteNull("problem");
                }
                else
                {
                    w.WriteNumber("broken_at", answer.BrokenAt);
                    w.WriteString("problem", answer.Problem);
                }
            }, () =>
            {
                session.Say(answer.Intact
                    ? $"Audit trail intact: {answer.EventsChecked} events."
                    : $"Audit trail BROKEN at event {answer.BrokenAt}: {answer.Problem}");
            });
            return answer.Intact ? ExitCodes.Success : ExitCodes.CheckFailed;
        });
        return command;
    }
}
