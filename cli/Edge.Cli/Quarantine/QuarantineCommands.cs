using System.CommandLine;
using Edge.Cli.Output;
using Edge.Cli.Shell;
using Edge.Control.V1;

namespace Edge.Cli.Quarantine;

/// <summary>
/// <c>edgectl quarantine list|show|retry|delete|preview|approve|reject</c>: instances held back for review
/// (edge.control.v1.Quarantine).
/// </summary>
public static class QuarantineCommands
{
    private const string Service = "/edge.control.v1.Quarantine/";

    /// <summary>The JSON words of the reasons; the command line takes them with hyphens too (burned-in-text).</summary>
    private static readonly Dictionary<string, QuarantineReason> Reasons =
        new[] { QuarantineReason.Unparseable, QuarantineReason.DeidentificationIncomplete, QuarantineReason.BurnedInText, QuarantineReason.UnsupportedPixelData }
            .SelectMany(reason => new[] { JsonOutput.Word(reason), JsonOutput.Word(reason).Replace('_', '-') }.Distinct().Select(word => (word, reason)))
            .ToDictionary(p => p.word, p => p.reason, StringComparer.Ordinal);

    public static Command Create(CommandSetup setup)
    {
        var command = new Command("quarantine", "Review instances that could not be safely de-identified (metadata only, never patient data)");
        command.Subcommands.Add(List(setup));
        command.Subcommands.Add(Show(setup));
        command.Subcommands.Add(Retry(setup));
        command.Subcommands.Add(Delete(setup));
        command.Subcommands.Add(Preview(setup));
        command.Subcommands.Add(Approve(setup));
        command.Subcommands.Add(Reject(setup));
        return command;
    }

    private static Argument<string> IdArgument() => new("ID") { Description = "The quarantined item's id (from quarantine list)" };

    private static Option<string?> ReasonOption(string description) => new("--reason") { Description = description, HelpName = "TEXT" };

    private static Option<List<PixelRegion>> RegionOption(string description) =>
        OptionKinds.Repeated<PixelRegion>("--region", PixelRegions.HelpName, description, PixelRegions.Parse);

    private static Command List(CommandSetup setup)
    {
        var workspace = new Option<string?>("--workspace", "-w") { Description = "Only this workspace", HelpName = "NAME" };
        var reason = new Option<string?>("--reason")
        {
            Description = "Only this reason: unparseable, deidentification_incomplete, burned_in_text (the at-risk images the pixel stage held "
                + "for visual review) or unsupported_pixel_data; hyphens work too (burned-in-text)",
            HelpName = "REASON",
        }.AcceptOnlyFromAmong([.. Reasons.Keys]);
        var limit = new Option<uint>("--limit") { Description = "At most this many items (default: the daemon's, 100)", HelpName = "N" };
        var page = new Option<string?>("--page-token") { Description = "Continue after the previous page (its next_page_token)", HelpName = "TOKEN" };
        var command = new Command("list", "List quarantined items, oldest first") { workspace, reason, limit, page };
        setup.Example(command, "edgectl quarantine list", "edgectl --json quarantine list --reason unparseable",
            "edgectl quarantine list --reason burned-in-text");
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
            session.AnswerObject(w =>
            {
                w.WriteStartArray("items");
                foreach (var item in response.Items)
                {
                    QuarantineViews.WriteJson(w, item);
                }
                w.WriteEndArray();
                w.StringOrNull("next_page_token", response.NextPageToken);
            }, () =>
            {
                session.Out.Write(QuarantineViews.List(response.Items));
                if (response.NextPageToken.Length > 0)
                {
                    session.Say($"More items: --page-token {response.NextPageToken}");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CommandSetup setup)
    {
        var id = IdArgument();
        var command = new Command("show",
            "Show a quarantined item's metadata; for one held by the pixel stage, also its frames and the regions the stage proposes to mask") { id };
        setup.Example(command, "edgectl quarantine show 3f2a9c0d4e5b46f7a8b9c0d1e2f3a4b5");
        setup.Action(command, async (parse, session) =>
        {
            // An item held for pixel review is inspected again (OCR): seconds, more for a long loop.
            var item = await session.LongCallAsync<GetQuarantinedItemRequest, QuarantinedItem>(Service + "GetQuarantinedItem",
                new GetQuarantinedItemRequest { Id = parse.GetValue(id)! }).ConfigureAwait(false);
            session.Answer(w => QuarantineViews.WriteJson(w, item), () => session.Out.Write(QuarantineViews.Show(item)));
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
            session.AnswerObject(w =>
            {
                w.WriteString("outcome", JsonOutput.Word(response.Outcome));
                w.StringOrNull("sop_instance_uid", response.SopInstanceUid);
                w.ObjectOrNull("item", response.Item, QuarantineViews.WriteJson);
            }, () =>
            {
                session.Say(response.Outcome == RetryOutcome.Stored
                    ? $"Stored in its workspace as {response.SopInstanceUid}; the item left quarantine."
                    : $"Still quarantined: {response.Item?.Problem}");
            });
            return response.Outcome == RetryOutcome.Stored ? ExitCodes.Success : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static Command Delete(CommandSetup setup)
    {
        var id = IdArgument();
        var reason = ReasonOption("Why, for the audit trail");
        var command = new Command("delete", "Delete a quarantined item for good, without releasing it (audited)") { id, reason };
        setup.Example(command, "edgectl quarantine delete 3f2a9c0d4e5b46f7a8b9c0d1e2f3a4b5 --reason \"corrupt file, re-sent by the PACS\"");
        setup.Action(command, async (parse, session) =>
        {
            var itemId = parse.GetValue(id)!;
            await session.CallAsync<DeleteQuarantinedItemRequest, DeleteQuarantinedItemResponse>(Service + "DeleteQuarantinedItem",
                new DeleteQuarantinedItemRequest { Id = itemId, Reason = parse.GetValue(reason) ?? "" }).ConfigureAwait(false);
            session.AnswerObject(w => w.WriteString("deleted", itemId), () => session.Say($"Deleted {itemId}."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Preview(CommandSetup setup)
    {
        var id = IdArgument();
        var frame = new Option<uint>("--frame") { Description = "The frame to render, from 0 (default 0)", HelpName = "N" };
        var masked = new Option<bool>("--masked") { Description = "Black out the regions approval would mask: those the pixel stage proposes and the --region ones" };
        var regions = RegionOption("Also black out this rectangle, in pixels from the top-left corner (repeatable; needs --masked)");
        var reason = ReasonOption("Why the original pixels are looked at, for the audit trail (required: the daemon refuses a preview without one)");
        var output = new Option<string>("--out") { Description = "The PNG file to write (mode 0600: it shows original pixels)", HelpName = "FILE", Required = true };
        var command = new Command("preview", "Render a frame of a held instance as PNG, as received or masked (admin only, audited)")
        {
            id, frame, masked, regions, reason, output,
        };
        setup.Example(command,
            "edgectl quarantine preview 3f2a9c0d4e5b46f7a8b9c0d1e2f3a4b5 --reason \"review ticket 812\" --out frame0.png",
            "edgectl quarantine preview 3f2a9c0d4e5b46f7a8b9c0d1e2f3a4b5 --frame 12 --masked --region 0,440,640,40 --reason \"review ticket 812\" --out masked.png");
        setup.Action(command, async (parse, session) =>
        {
            using var file = PreviewFile.Create(parse.GetValue(output)!, out var problem);
            if (file is null)
            {
                Console.Error.WriteLine($"edgectl: {problem}");
                return ExitCodes.Usage;
            }
            var request = new PreviewQuarantinedItemRequest
            {
                Id = parse.GetValue(id)!,
                Frame = parse.GetValue(frame),
                Masked = parse.GetValue(masked),
                Reason = parse.GetValue(reason) ?? "",
            };
            request.ExtraRegions.Add(parse.GetValue(regions)!);
            var response = await session.LongCallAsync<PreviewQuarantinedItemRequest, PreviewQuarantinedItemResponse>(Service + "PreviewQuarantinedItem",
                request).ConfigureAwait(false);
            try
            {
                file.Commit(response.Png.Span);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"edgectl: cannot write {file.Path}: {ex.Message}");
                return ExitCodes.Failed;
            }
            session.AnswerObject(w =>
            {
                w.WriteString("path", file.Path);
                w.WriteNumber("width", response.Width);
                w.WriteNumber("height", response.Height);
                w.WriteNumber("frames", response.Frames);
            }, () => session.Say(file.Path));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Approve(CommandSetup setup)
    {
        var id = IdArgument();
        var regions = RegionOption("Mask this rectangle as well as those the pixel stage proposes, on every frame (repeatable)");
        var reason = ReasonOption("Why it may be released, for the audit trail (required)");
        var command = new Command("approve",
            "Release a held instance into its workspace with the proposed regions and any --region masked (audited); it leaves quarantine")
        {
            id, regions, reason,
        };
        setup.Example(command,
            "edgectl quarantine approve 3f2a9c0d4e5b46f7a8b9c0d1e2f3a4b5 --reason \"previewed, only the header carries text\"",
            "edgectl quarantine approve 3f2a9c0d4e5b46f7a8b9c0d1e2f3a4b5 --region 200,210,240,30 --reason \"ID over the image, masked\"");
        setup.Action(command, async (parse, session) =>
        {
            var itemId = parse.GetValue(id)!;
            var request = new ApproveQuarantinedItemRequest { Id = itemId, Reason = parse.GetValue(reason) ?? "" };
            request.ExtraRegions.Add(parse.GetValue(regions)!);
            var response = await session.LongCallAsync<ApproveQuarantinedItemRequest, ApproveQuarantinedItemResponse>(Service + "ApproveQuarantinedItem",
                request).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.WriteString("approved", itemId);
                w.WriteString("sop_instance_uid", response.SopInstanceUid);
            }, () => session.Say($"Stored in its workspace as {response.SopInstanceUid}; the item left quarantine."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Reject(CommandSetup setup)
    {
        var id = IdArgument();
        var reason = ReasonOption("Why it must not be released, for the audit trail (required)");
        var command = new Command("reject", "Keep a held instance out of its workspace for good: it is deleted, never released (audited)") { id, reason };
        setup.Example(command, "edgectl quarantine reject 3f2a9c0d4e5b46f7a8b9c0d1e2f3a4b5 --reason \"scanned request form, not an image\"");
        setup.Action(command, async (parse, session) =>
        {
            var itemId = parse.GetValue(id)!;
            await session.CallAsync<RejectQuarantinedItemRequest, RejectQuarantinedItemResponse>(Service + "RejectQuarantinedItem",
                new RejectQuarantinedItemRequest { Id = itemId, Reason = parse.GetValue(reason) ?? "" }).ConfigureAwait(false);
            session.AnswerObject(w => w.WriteString("rejected", itemId), () => session.Say($"Rejected {itemId}: deleted, never released."));
            return ExitCodes.Success;
        });
        return command;
    }
}
