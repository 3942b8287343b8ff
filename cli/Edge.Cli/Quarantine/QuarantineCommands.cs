using System.CommandLine;
using Edge.Cli.Output;
using Edge.Cli.Shell;
using Edge.Control.V1;

namespace Edge.Cli.Quarantine;

/// <summary><c>edgectl quarantine list|show|retry|delete</c>: instances held back for review (edge.control.v1.Quarantine).</summary>
public static class QuarantineCommands
{
    private const string Service = "/edge.control.v1.Quarantine/";

    private static readonly Dictionary<string, QuarantineReason> Reasons = new(StringComparer.Ordinal)
    {
        ["unparseable"] = QuarantineReason.Unparseable,
        ["deidentification_incomplete"] = QuarantineReason.DeidentificationIncomplete,
        ["burned_in_text"] = QuarantineReason.BurnedInText,
        ["unsupported_pixel_data"] = QuarantineReason.UnsupportedPixelData,
    };

    public static Command Create(CommandSetup setup)
    {
        var command = new Command("quarantine", "Review instances that could not be safely de-identified (metadata only, never patient data)");
        command.Subcommands.Add(List(setup));
        command.Subcommands.Add(Show(setup));
        command.Subcommands.Add(Retry(setup));
        command.Subcommands.Add(Delete(setup));
        return command;
    }

    private static Argument<string> IdArgument() => new("ID") { Description = "The quarantined item's id (from quarantine list)" };

    private static Command List(CommandSetup setup)
    {
        var workspace = new Option<string?>("--workspace", "-w") { Description = "Only this workspace", HelpName = "NAME" };
        var reason = new Option<string?>("--reason") { Description = "Only this reason", HelpName = "REASON" }.AcceptOnlyFromAmong([.. Reasons.Keys]);
        var limit = new Option<uint>("--limit") { Description = "At most this many items (default: the daemon's, 100)", HelpName = "N" };
        var page = new Option<string?>("--page-token") { Description = "Continue after the previous page (its next_page_token)", HelpName = "TOKEN" };
        var command = new Command("list", "List quarantined items, oldest first") { workspace, reason, limit, page };
        setup.Example(command, "edgectl quarantine list", "edgectl --json quarantine list --reason unparseable");
        setup.Action(command, async (parse, session) =>
        {
            var request = new ListQuarantinedItemsRequest
            {
                Workspace = parse.GetValue(workspace) ?? "",
                Reason = parse.GetValue(reason) is { } r ? Reasons[r] : QuarantineReason.Unspecified,
                PageSize = parse.GetValue(limit),
                PageToken = parse.GetValue(page) ?? "",
            };
            var response = await session.CallAsync<ListQuarantinedItemsRequest, ListQuarantinedItemsResponse>(Service + "ListQuarantinedItems", request)
                .ConfigureAwait(false);
            if (session.Json)
            {
                session.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("items");
                    foreach (var item in response.Items)
                    {
                        QuarantineViews.WriteJson(w, item);
                    }
                    w.WriteEndArray();
                    w.StringOrNull("next_page_token", response.NextPageToken);
                    w.WriteEndObject();
                });
            }
            else
            {
                session.Out.Write(QuarantineViews.List(response.Items));
                if (response.NextPageToken.Length > 0)
                {
                    session.Say($"More items: --page-token {response.NextPageToken}");
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CommandSetup setup)
    {
        var id = IdArgument();
        var command = new Command("show", "Show a quarantined item's metadata") { id };
        setup.Example(command, "edgectl quarantine show 3f2a9c0d4e5b46f7a8b9c0d1e2f3a4b5");
        setup.Action(command, async (parse, session) =>
        {
            var item = await session.CallAsync<GetQuarantinedItemRequest, QuarantinedItem>(Service + "GetQuarantinedItem",
                new GetQuarantinedItemRequest { Id = parse.GetValue(id)! }).ConfigureAwait(false);
            if (session.Json)
            {
                session.WriteJson(w => QuarantineViews.WriteJson(w, item));
            }
            else
            {
                session.Out.Write(QuarantineViews.Show(item));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Retry(CommandSetup setup)
    {
        var id = IdArgument();
        var command = new Command("retry", "Run an item through de-identification again (after a fix of the profile or the software)") { id };
        setup.Example(command, "edgectl quarantine retry 3f2a9c0d4e5b46f7a8b9c0d1e2f3a4b5");
        setup.Action(command, async (parse, session) =>
        {
            var response = await session.LongCallAsync<RetryQuarantinedItemRequest, RetryQuarantinedItemResponse>(Service + "RetryQuarantinedItem",
                new RetryQuarantinedItemRequest { Id = parse.GetValue(id)! }).ConfigureAwait(false);
            if (session.Json)
            {
                session.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("outcome", JsonOutput.Word(response.Outcome));
                    w.StringOrNull("sop_instance_uid", response.SopInstanceUid);
                    if (response.Item is null)
                    {
                        w.WriteNull("item");
                    }
                    else
                    {
                        w.WritePropertyName("item");
                        QuarantineViews.WriteJson(w, response.Item);
                    }
                    w.WriteEndObject();
                });
            }
            else
            {
                session.Say(response.Outcome == RetryOutcome.Stored
                    ? $"Stored in its workspace as {response.SopInstanceUid}; the item left quarantine."
                    : $"Still quarantined: {response.Item?.Problem}");
            }
            return response.Outcome == RetryOutcome.Stored ? ExitCodes.Success : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static Command Delete(CommandSetup setup)
    {
        var id = IdArgument();
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit trail", HelpName = "TEXT" };
        var command = new Command("delete", "Delete a quarantined item for good, without releasing it (audited)") { id, reason };
        setup.Example(command, "edgectl quarantine delete 3f2a9c0d4e5b46f7a8b9c0d1e2f3a4b5 --reason \"corrupt file, re-sent by the PACS\"");
        setup.Action(command, async (parse, session) =>
        {
            var itemId = parse.GetValue(id)!;
            await session.CallAsync<DeleteQuarantinedItemRequest, DeleteQuarantinedItemResponse>(Service + "DeleteQuarantinedItem",
                new DeleteQuarantinedItemRequest { Id = itemId, Reason = parse.GetValue(reason) ?? "" }).ConfigureAwait(false);
            if (session.Json)
            {
                session.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("deleted", itemId);
                    w.WriteEndObject();
                });
            }
            else
            {
                session.Say($"Deleted {itemId}.");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
