namespace Edge.Ledger;

/// <summary>Tuning and identity of one open ledger; the defaults suit a gateway ingesting thousands of instances a second.</summary>
public sealed class LedgerOptions
{
    /// <summary>Who automatic events (instance stored, workspace created) are attributed to in the audit trail.</summary>
    public string Actor { get; init; } = "edged";

    /// <summary>Most queued writes committed in one transaction; larger batches amortise the fsync of each commit.</summary>
    public int MaxBatchSize { get; init; } = 2048;

    /// <summary>
    /// How long the writer may wait, after a transaction of several instances, for their senders' next instances so
    /// they share the next fsync. Adds at most this much latency, and none after a transaction of one; zero disables.
    /// </summary>
    public TimeSpan GroupCommitWindow { get; init; } = TimeSpan.FromMicroseconds(300);

    /// <summary>Writes waiting for the writer before producers are made to wait (back-pressure instead of memory growth).</summary>
    public int QueueCapacity { get; init; } = 16384;

    /// <summary>How long a connection waits for another process's lock before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle read connections kept open for lookups, exports and verification.</summary>
    public int MaxIdleReaders { get; init; } = 4;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Actor))
        {
            throw new LedgerException("The ledger actor name must not be empty.");
        }
        if (MaxBatchSize < 1 || QueueCapacity < 1 || MaxIdleReaders < 0 || BusyTimeout <= TimeSpan.Zero
            || GroupCommitWindow < TimeSpan.Zero || GroupCommitWindow > TimeSpan.FromMilliseconds(100))
        {
            throw new LedgerException(
                "Ledger options out of range: batch size and queue capacity must be positive, the busy timeout above zero, the group commit window 0 to 100 ms.");
        }
    }
}
