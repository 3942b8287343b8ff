using System.Globalization;
using Edge.Control.Methods;
using Edge.Control.V1;
using Edge.Control.Wire;
using Edge.Daemon.Composition;
using Edge.Daemon.Ingest;
using Edge.Ledger;
using Edge.Pixels;
using Edge.Pixels.Masking;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Daemon.Control;

/// <summary>
/// edge.control.v1.Quarantine: list, show, retry and delete held instances, and the visual review of those the pixel
/// stage held (stage "review"): preview a frame, approve with extra masks, reject. Only the quarantine's metadata is
/// shown (its own id, AE titles, SOP class and transfer syntax UIDs, sizes, the problem in words, mask positions),
/// never the data set; the preview's pixels go to admins only, each view audited with its reason.
/// </summary>
internal sealed class QuarantineService(EdgeRuntime runtime, QuarantineClaims claims)
{
    private const string Service = "/edge.control.v1.Quarantine/";
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    /// <summary>The stage of items the pixel inspection held: the only ones preview masks and approval releases.</summary>
    private const string ReviewStage = "review";

    public static void Map(ControlMethodRegistry registry, EdgeRuntime runtime)
    {
        var service = new QuarantineService(runtime, new QuarantineClaims());
        registry
            .MapUnary<ListQuarantinedItemsRequest, ListQuarantinedItemsResponse>(Service + "ListQuarantinedItems", (r, _) => Task.FromResult(service.List(r)))
            .MapUnary<GetQuarantinedItemRequest, QuarantinedItem>(Service + "GetQuarantinedItem", (r, _) => Task.FromResult(service.Show(r)))
            .MapUnary<RetryQuarantinedItemRequest, RetryQuarantinedItemResponse>(Service + "RetryQuarantinedItem", service.RetryAsync)
            .MapUnary<DeleteQuarantinedItemRequest, DeleteQuarantinedItemResponse>(Service + "DeleteQuarantinedItem", service.DeleteAsync)
            .MapUnary<PreviewQuarantinedItemRequest, PreviewQuarantinedItemResponse>(Service + "PreviewQuarantinedItem", service.PreviewAsync)
            .MapUnary<ApproveQuarantinedItemRequest, ApproveQuarantinedItemResponse>(Service + "ApproveQuarantinedItem", service.ApproveAsync)
            .MapUnary<RejectQuarantinedItemRequest, RejectQuarantinedItemResponse>(Service + "RejectQuarantinedItem", service.RejectAsync);
    }

    /// <summary>Oldest first, paged by a token naming the last item returned (its time and id), so deletions between pages skip nothing.</summary>
    public ListQuarantinedItemsResponse List(ListQuarantinedItemsRequest request)
    {
        var size = request.PageSize == 0 ? DefaultPageSize : (int)Math.Min(request.PageSize, MaxPageSize);
        var after = PageToken.Parse(request.PageToken);
        var page = runtime.Quarantine.List()
            .Where(e => request.Workspace.Length == 0 || e.Workspace == request.Workspace)
            .Where(e => request.Reason == QuarantineReason.Unspecified || ReasonOf(e) == request.Reason)
            .OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id, StringComparer.Ordinal)
            .Where(e => after is null || PageToken.Compare(e, after.Value) > 0)
            .Take(size + 1)
            .ToList();
        var response = new ListQuarantinedItemsResponse();
        response.Items.Add(page.Take(size).Select(ToMessage));
        if (page.Count > size)
        {
            response.NextPageToken = PageToken.Of(page[size - 1]);
        }
        return response;
    }

    /// <summary>
    /// The item's metadata; for an item the pixel stage held, also its frame count and the regions the stage proposes
    /// to mask (the inspection runs again: seconds, not milliseconds). Left unknown when the pixels cannot be read.
    /// </summary>
    public QuarantinedItem Show(GetQuarantinedItemRequest request)
    {
        var entry = Find(request.Id);
        var item = ToMessage(entry);
        if (entry.Stage != ReviewStage)
        {
            return item;
        }
        try
        {
            using var image = QuarantineImage.Open(runtime, entry);
            var profile = runtime.Workspaces.Registry.Find(entry.Workspace)?.Profile;
            item.Frames = (uint)image.Frames;
            if (profile is not null)
            {
                item.DetectedRegions.Add(image.Proposed(runtime, profile).Select(QuarantineRegions.ToRegion));
            }
        }
        catch (ControlRpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            // The problem is already the item's; its metadata is still worth showing.
        }
        return item;
    }

    public async Task<RetryQuarantinedItemResponse> RetryAsync(RetryQuarantinedItemRequest request, ControlCallContext context)
    {
        using var claim = claims.Claim(request.Id);
        var entry = Find(request.Id);
        var result = await new QuarantineRetry(runtime).RunAsync(entry, context.CancellationToken).ConfigureAwait(false);
        if (result.Stored)
        {
            return new RetryQuarantinedItemResponse { Outcome = RetryOutcome.Stored, SopInstanceUid = result.SopInstanceUid };
        }
        // The item stays as it was received; its record and the answer say what stops it now.
        var item = ToMessage(runtime.Quarantine.RecordRetry(entry, result.Stage!, result.Problem!));
        return new RetryQuarantinedItemResponse { Outcome = RetryOutcome.StillQuarantined, Item = item };
    }

    /// <summary>Audited before the data goes: an unaudited deletion is worse than an audited one that failed.</summary>
    public async Task<DeleteQuarantinedItemResponse> DeleteAsync(DeleteQuarantinedItemRequest request, ControlCallContext context)
    {
        using var claim = claims.Claim(request.Id);
        var entry = Find(request.Id);
        await AuditAsync(entry, WorkspaceChangeKind.QuarantineDeleted, context, request.Reason).ConfigureAwait(false);
        if (!runtime.Quarantine.Delete(entry.Id))
        {
            throw ControlErrors.NotFound($"The quarantined item {entry.Id} was deleted meanwhile.");
        }
        return new DeleteQuarantinedItemResponse();
    }

    /// <summary>
    /// Frame N of the data set as received, as PNG: as it is, or with the regions approval would mask (the stage's
    /// proposal and the extra ones) blacked out. Audited before a pixel leaves: who, why, which item and frame,
    /// masked or not; never the pixels.
    /// </summary>
    public async Task<PreviewQuarantinedItemResponse> PreviewAsync(PreviewQuarantinedItemRequest request, ControlCallContext context)
    {
        RequireReason(request.Reason, "a preview shows the original pixels");
        var entry = Find(request.Id);
        if (!request.Masked && request.ExtraRegions.Count > 0)
        {
            throw InvalidArgument("Extra regions are masked only in a masked preview.");
        }
        using var image = QuarantineImage.Open(runtime, entry);
        if (request.Frame >= image.Frames)
        {
            throw InvalidArgument($"Frame {request.Frame} does not exist: the item has {image.Frames} frame(s), numbered from 0.");
        }
        var extra = QuarantineRegions.ToRectangles(request.ExtraRegions, image.Columns, image.Rows);
        IReadOnlyList<PixelRect>? masks = null;
        if (request.Masked)
        {
            var store = await runtime.Workspaces.GetStoreAsync(entry.Workspace, context.CancellationToken).ConfigureAwait(false);
            masks = Masks(image, store.Definition.Profile, extra);
        }
        await AuditAsync(entry, WorkspaceChangeKind.QuarantinePreviewed, context, request.Reason,
            new("frame", request.Frame.ToString(CultureInfo.InvariantCulture)),
            new("masked", request.Masked ? "true" : "false"),
            new("regions", masks is null ? "" : QuarantineRegions.Text(masks))).ConfigureAwait(false);
        return new PreviewQuarantinedItemResponse
        {
            Png = ByteString.CopyFrom(image.RenderPng((int)request.Frame, masks)),
            Width = (uint)image.Columns,
            Height = (uint)image.Rows,
            Frames = (uint)image.Frames,
        };
    }

    /// <summary>
    /// Releases an item the pixel stage held into its workspace with the proposed regions and the extra ones masked on
    /// every frame, then deletes it from quarantine. Audited (with the regions) before the data goes: an unaudited
    /// release is worse than an audited one that failed.
    /// </summary>
    public async Task<ApproveQuarantinedItemResponse> ApproveAsync(ApproveQuarantinedItemRequest request, ControlCallContext context)
    {
        RequireReason(request.Reason, "an approval releases the instance");
        using var claim = claims.Claim(request.Id);
        var entry = Find(request.Id);
        if (entry.Stage != ReviewStage)
        {
            throw ControlErrors.FailedPrecondition(
                $"The item {entry.Id} was held at the {entry.Stage} stage, not by the pixel review: retry or delete it instead.");
        }
        var store = await runtime.Workspaces.GetStoreAsync(entry.Workspace, context.CancellationToken).ConfigureAwait(false);
        if (store.IsPurged)
        {
            throw ControlErrors.FailedPrecondition($"The workspace {entry.Workspace} was purged; its quarantined items can only be deleted.");
        }
        if (!runtime.EngineFor(store.Definition.Profile).Profile.CleanPixelData)
        {
            throw ControlErrors.FailedPrecondition(
                $"The profile of {entry.Workspace} no longer cleans pixel data, so approved regions could not be masked: retry the item instead.");
        }
        using var image = QuarantineImage.Open(runtime, entry);
        var extra = QuarantineRegions.ToRectangles(request.ExtraRegions, image.Columns, image.Rows);
        var masks = Masks(image, store.Definition.Profile, extra);
        await AuditAsync(entry, WorkspaceChangeKind.QuarantineApproved, context, request.Reason,
            new("regions", QuarantineRegions.Text(masks)),
            new("extraRegions", extra.Count.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        var result = await new QuarantineApproval(runtime).PublishAsync(entry, store, image, masks, context.CancellationToken).ConfigureAwait(false);
        return result.Stored
            ? new ApproveQuarantinedItemResponse { SopInstanceUid = result.SopInstanceUid }
            : throw ControlErrors.FailedPrecondition($"Still held at the {result.Stage} stage: {result.Problem}");
    }

    /// <summary>Deletes an item for good after review, never released; audited before the data goes.</summary>
    public async Task<RejectQuarantinedItemResponse> RejectAsync(RejectQuarantinedItemRequest request, ControlCallContext context)
    {
        RequireReason(request.Reason, "a rejection deletes the instance for good");
        using var claim = claims.Claim(request.Id);
        var entry = Find(request.Id);
        await AuditAsync(entry, WorkspaceChangeKind.QuarantineRejected, context, request.Reason).ConfigureAwait(false);
        if (!runtime.Quarantine.Delete(entry.Id))
        {
            throw ControlErrors.NotFound($"The quarantined item {entry.Id} was deleted meanwhile.");
        }
        return new RejectQuarantinedItemResponse();
    }

    /// <summary>The stage's proposal for the item under its workspace's profile, plus the reviewer's regions, merged.</summary>
    private IReadOnlyList<PixelRect> Masks(QuarantineImage image, string profile, IReadOnlyList<PixelRect> extra) =>
        MaskGeometry.Prepare(image.Proposed(runtime, profile).Concat(extra), image.Columns, image.Rows);

    /// <summary>Admin actions on an item, in the ledger under its workspace; Edge's own identifiers and positions only.</summary>
    private Task AuditAsync(QuarantineEntry entry, WorkspaceChangeKind kind, ControlCallContext context, string reason,
        params KeyValuePair<string, string>[] detail) =>
        runtime.Ledger.RecordWorkspaceChangeAsync(new WorkspaceChange(entry.Workspace, kind, ControlCaller.Actor(context), reason,
            [
                new("item", entry.Id),
                new("stage", entry.Stage),
                new("sopClassUid", entry.SopClassUid),
                new("sha256", entry.Sha256),
                .. detail,
            ]), CancellationToken.None);

    /// <summary>Review calls say why: the audit trail keeps it beside who made them.</summary>
    private static void RequireReason(string reason, string why)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw InvalidArgument($"A reason is required: {why}, and the audit trail records why.");
        }
    }

    private static ControlRpcException InvalidArgument(string message) => new(StatusCode.InvalidArgument, message);

    private QuarantineEntry Find(string id) =>
        runtime.Quarantine.Find(id) ?? throw ControlErrors.NotFound($"No quarantined item has the id '{Printable(id)}'.");

    private QuarantinedItem ToMessage(QuarantineEntry entry) => new()
    {
        Id = entry.Id,
        Workspace = entry.Workspace,
        Reason = ReasonOf(entry),
        Problem = entry.Reason,
        State = claims.IsBusy(entry.Id) ? QuarantineState.Processing : QuarantineState.Pending,
        ReceivedAt = Timestamp.FromDateTimeOffset(entry.ReceivedAt),
        CallingAe = entry.CallingAeTitle,
        SopClassUid = entry.SopClassUid,
        TransferSyntaxUid = entry.TransferSyntaxUid,
        SizeBytes = (ulong)entry.Size,
        Retries = (uint)entry.Retries,
        Stage = entry.Stage,
        Sha256 = entry.Sha256,
    };

    /// <summary>The ingest pipeline's stages: parse, deidentify, and review (held by the pixel inspection).</summary>
    private static QuarantineReason ReasonOf(QuarantineEntry entry) => entry.Stage switch
    {
        "parse" => QuarantineReason.Unparseable,
        ReviewStage => QuarantineReason.BurnedInText,
        _ => QuarantineReason.DeidentificationIncomplete,
    };

    // An id is echoed only when it looks like one of ours; anything else could be text pasted from anywhere.
    private static string Printable(string id) => id.Length <= 64 && id.All(char.IsAsciiLetterOrDigit) ? id : "…";

    /// <summary>"TICKS-ID" of the last item of a page.</summary>
    private static class PageToken
    {
        public static string Of(QuarantineEntry entry) =>
            entry.ReceivedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "-" + entry.Id;

        public static (long Ticks, string Id)? Parse(string token)
        {
            if (token.Length == 0)
            {
                return null;
            }
            var dash = token.IndexOf('-', StringComparison.Ordinal);
            return dash > 0 && long.TryParse(token.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? (ticks, token[(dash + 1)..])
                : throw new ArgumentException("page_token is not a token this daemon gave.");
        }

        public static int Compare(QuarantineEntry entry, (long Ticks, string Id) token)
        {
            var byTime = entry.ReceivedAt.UtcTicks.CompareTo(token.Ticks);
            return byTime != 0 ? byTime : string.CompareOrdinal(entry.Id, token.Id);
        }
    }
}
