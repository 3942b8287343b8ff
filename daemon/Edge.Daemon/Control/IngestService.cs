using Edge.Control.Methods;
using Edge.Control.V1;
using Edge.Daemon.Ingest;
using Google.Protobuf.WellKnownTypes;
using MonitorEvent = Edge.Daemon.Ingest.IngestEvent;
using V1 = Edge.Control.V1;

namespace Edge.Daemon.Control;

/// <summary>
/// edge.control.v1.Ingest: the ingest monitor's counters and its live events. Throughput is measured since the
/// daemon started; everything shown is AE titles, pseudonymised UIDs, counts and problems in words.
/// </summary>
internal sealed class IngestService(IngestMonitor monitor)
{
    private const string Service = "/edge.control.v1.Ingest/";
    private static readonly TimeSpan DefaultSnapshotInterval = TimeSpan.FromSeconds(10);
    private const uint MaxSnapshotSeconds = 3600;

    public static void Map(ControlMethodRegistry registry, IngestMonitor monitor)
    {
        var service = new IngestService(monitor);
        registry
            .MapUnary<GetIngestStatusRequest, IngestStatus>(Service + "GetIngestStatus", (request, _) => Task.FromResult(service.Status(request.Workspace)))
            .MapServerStreaming<WatchIngestRequest, V1.IngestEvent>(Service + "WatchIngest", service.WatchAsync);
    }

    public IngestStatus Status(string workspace)
    {
        var now = DateTimeOffset.UtcNow;
        var seconds = Math.Max((now - monitor.StartedAt).TotalSeconds, 1);
        var status = new IngestStatus
        {
            At = Timestamp.FromDateTimeOffset(now),
            Throughput = new IngestThroughput
            {
                InstancesPerSecond = monitor.Stored / seconds,
                BytesPerSecond = monitor.Bytes / seconds,
                WindowSeconds = (uint)Math.Min(seconds, uint.MaxValue),
                InstancesStored = (ulong)monitor.Stored,
                InstancesFailed = (ulong)monitor.Failed,
                InstancesQuarantined = (ulong)monitor.Quarantined,
            },
        };
        // The monitor keeps them oldest first; the contract answers newest first.
        status.RecentErrors.Add(monitor.RecentErrors.Reverse().Where(e => Selected(e, workspace)).Select(ToError));
        return status;
    }

    /// <summary>A snapshot, then every event as it happens with a snapshot at each interval, until the caller leaves.</summary>
    public async Task WatchAsync(WatchIngestRequest request, IControlStreamWriter<V1.IngestEvent> responses, ControlCallContext context)
    {
        var interval = request.SnapshotIntervalSeconds == 0
            ? DefaultSnapshotInterval
            : TimeSpan.FromSeconds(Math.Min(request.SnapshotIntervalSeconds, MaxSnapshotSeconds));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var events = monitor.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        // The first MoveNext subscribes, so nothing that happens after the first snapshot is missed.
        var next = events.MoveNextAsync().AsTask();
        try
        {
            using var timer = new PeriodicTimer(interval);
            await responses.WriteAsync(Snapshot(request.Workspace)).ConfigureAwait(false);
            var tick = timer.WaitForNextTickAsync(stop.Token).AsTask();
            while (true)
            {
                if (await Task.WhenAny(next, tick).ConfigureAwait(false) == tick)
                {
                    await tick.ConfigureAwait(false);
                    await responses.WriteAsync(Snapshot(request.Workspace)).ConfigureAwait(false);
                    tick = timer.WaitForNextTickAsync(stop.Token).AsTask();
                    continue;
                }
                if (!await next.ConfigureAwait(false))
                {
                    return;
                }
                if (Selected(events.Current, request.Workspace) && ToMessage(events.Current) is { } message)
                {
                    await responses.WriteAsync(message).ConfigureAwait(false);
                }
                next = events.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // The subscription may only be disposed once its pending read has ended.
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(next).ConfigureAwait(false);
            await events.DisposeAsync().ConfigureAwait(false);
        }
    }

    private V1.IngestEvent Snapshot(string workspace)
    {
        var status = Status(workspace);
        return new V1.IngestEvent { At = status.At, Snapshot = status };
    }

    private static bool Selected(MonitorEvent e, string workspace) => workspace.Length == 0 || e.Workspace == workspace;

    /// <summary>The contract's form of a monitor event; null for a kind this version does not show.</summary>
    private static V1.IngestEvent? ToMessage(MonitorEvent e)
    {
        var message = new V1.IngestEvent { At = Timestamp.FromDateTimeOffset(e.At) };
        switch (e.Kind)
        {
            case "stored" or "replaced":
                message.InstanceStored = new InstanceStored { Workspace = e.Workspace, SopInstanceUid = e.SopInstanceUid ?? "" };
                return message;
            case "failed" or "quarantined":
                message.Error = ToError(e);
                return message;
            default:
                return null;
        }
    }

    private static IngestError ToError(MonitorEvent e) => new()
    {
        At = Timestamp.FromDateTimeOffset(e.At),
        Workspace = e.Workspace,
        CallingAe = e.CallingAeTitle,
        Problem = e.Detail ?? e.Kind,
    };
}
