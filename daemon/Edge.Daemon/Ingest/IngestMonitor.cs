using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Edge.Daemon.Ingest;

/// <summary>One thing that happened on the ingest path, as the control plane shows it (no patient data).</summary>
public sealed record IngestEvent(DateTimeOffset At, string Kind, string Workspace, string CallingAeTitle, string? SopInstanceUid, string? Detail);

/// <summary>
/// Counters and recent events of the ingest path, for `edgectl ingest status` and `edgectl watch`: open
/// associations, instances stored, bytes, failures, and a stream of events for watchers. Everything here is safe to
/// show: pseudonymised UIDs, AE titles, statuses, counts.
/// </summary>
public sealed class IngestMonitor
{
    private readonly ConcurrentQueue<IngestEvent> _recentErrors = new();
    private readonly List<Channel<IngestEvent>> _watchers = [];
    private readonly Lock _gate = new();
    private long _associations;
    private long _stored;
    private long _replaced;
    private long _bytes;
    private long _failed;
    private long _quarantined;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public long OpenAssociations => Interlocked.Read(ref _associations);
    public long Stored => Interlocked.Read(ref _stored);
    public long Replaced => Interlocked.Read(ref _replaced);
    public long Bytes => Interlocked.Read(ref _bytes);
    public long Failed => Interlocked.Read(ref _failed);
    public long Quarantined => Interlocked.Read(ref _quarantined);

    public IReadOnlyList<IngestEvent> RecentErrors => _recentErrors.ToArray();

    public void AssociationOpened() => Interlocked.Increment(ref _associations);

    public void AssociationClosed() => Interlocked.Decrement(ref _associations);

    public void InstanceStored(string workspace, string callingAe, string sopInstanceUid, long bytes, bool replaced)
    {
        Interlocked.Increment(ref _stored);
        Interlocked.Add(ref _bytes, bytes);
        if (replaced)
        {
            Interlocked.Increment(ref _replaced);
        }
        Publish(new IngestEvent(DateTimeOffset.UtcNow, replaced ? "replaced" : "stored", workspace, callingAe, sopInstanceUid, null));
    }

    public void InstanceFailed(string workspace, string callingAe, string reason, bool quarantined)
    {
        Interlocked.Increment(ref _failed);
        if (quarantined)
        {
            Interlocked.Increment(ref _quarantined);
        }
        var e = new IngestEvent(DateTimeOffset.UtcNow, quarantined ? "quarantined" : "failed", workspace, callingAe, null, reason);
        _recentErrors.Enqueue(e);
        while (_recentErrors.Count > 50 && _recentErrors.TryDequeue(out _))
        {
        }
        Publish(e);
    }

    /// <summary>A live feed of events until the token is cancelled; slow readers lose the oldest events.</summary>
    public async IAsyncEnumerable<IngestEvent> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<IngestEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _watchers.Add(channel);
        }
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    private void Publish(IngestEvent e)
    {
        lock (_gate)
        {
            foreach (var w in _watchers)
            {
                w.Writer.TryWrite(e);
            }
        }
    }
}
