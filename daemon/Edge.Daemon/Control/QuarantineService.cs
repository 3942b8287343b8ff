using System.Globalization;
using Edge.Control.Methods;
using Edge.Control.V1;
using Edge.Daemon.Composition;
using Edge.Daemon.Ingest;
using Edge.Ledger;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Daemon.Control;

/// <summary>
/// edge.control.v1.Quarantine: list, show, retry and delete held instances. Only the quarantine's metadata is shown
/// (its own id, AE titles, SOP class and transfer syntax UIDs, sizes, the problem in words), never the data set.
/// Preview, approve and reject need the pixel inspection and are not mapped yet.
/// </summary>
internal sealed class QuarantineService(EdgeRuntime runtime)
{
    private const string Service = "/edge.control.v1.Quarantine/";
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static void Map(ControlMethodRegistry registry, EdgeRuntime runtime)
    {
        var service = new QuarantineService(runtime);
        registry
            .MapUnary<ListQuarantinedItemsRequest, ListQuarantinedItemsResponse>(Service + "ListQuarantinedItems", (r, _) => Task.FromResult(service.List(r)))
            .MapUnary<GetQuarantinedItemRequest, QuarantinedItem>(Service + "GetQuarantinedItem", (r, _) => Task.FromResult(ToMessage(service.Find(r.Id))))
            .MapUnary<RetryQuarantinedItemRequest, RetryQuarantinedItemResponse>(Service + "RetryQuarantinedItem", service.RetryAsync)
            .MapUnary<DeleteQuarantinedItemRequest, DeleteQuarantinedItemResponse>(Service + "DeleteQuarantinedItem", service.DeleteAsync);
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

    public async Task<RetryQuarantinedItemResponse> RetryAsync(RetryQuarantinedItemRequest request, ControlCallContext context)
    {
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
        var entry = Find(request.Id);
        await runtime.Ledger.RecordWorkspaceChangeAsync(new WorkspaceChange(entry.Workspace, WorkspaceChangeKind.QuarantineDeleted,
            ControlCaller.Actor(context), request.Reason,
            [
                new("item", entry.Id),
                new("stage", entry.Stage),
                new("sopClassUid", entry.SopClassUid),
                new("sha256", entry.Sha256),
            ]), CancellationToken.None).ConfigureAwait(false);
        if (!runtime.Quarantine.Delete(entry.Id))
        {
            throw ControlErrors.NotFound($"The quarantined item {entry.Id} was deleted meanwhile.");
        }
        return new DeleteQuarantinedItemResponse();
    }

    private QuarantineEntry Find(string id) =>
        runtime.Quarantine.Find(id) ?? throw ControlErrors.NotFound($"No quarantined item has the id '{Printable(id)}'.");

    public static QuarantinedItem ToMessage(QuarantineEntry entry) => new()
    {
        Id = entry.Id,
        Workspace = entry.Workspace,
        Reason = ReasonOf(entry),
        Problem = entry.Reason,
        State = QuarantineState.Pending,
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
        "review" => QuarantineReason.BurnedInText,
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
