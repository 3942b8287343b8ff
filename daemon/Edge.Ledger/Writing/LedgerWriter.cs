using System.Diagnostics;
using System.Threading.Channels;
using Edge.Ledger.Audit;
using Edge.Ledger.Mappings;
using Edge.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger.Writing;

/// <summary>
/// The single writer of a ledger: one connection, one thread, one queue. Mappings queued while a transaction commits
/// are committed together in the next one (group commit), so each fsync covers many instances and producers never
/// see SQLITE_BUSY. A mapping's task completes only once its transaction is durable, which is when the instance may
/// be acknowledged. Other writes (workspaces, audited lookups) run in queue order in transactions of their own.
/// </summary>
internal sealed class LedgerWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly AuditAppender _audit;
    private readonly MappingRecorder _recorder;
    private readonly LedgerOptions _options;
    private readonly Channel<WriteItem> _queue;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteCommand _dataVersionQuery;
    private readonly ManualResetEventSlim _queued = new(false);
    private long _dataVersion;

    public LedgerWriter(SqliteConnection connection, LedgerOptions options)
    {
        _connection = connection;
        _options = options;
        _audit = new AuditAppender(connection);
        _recorder = new MappingRecorder(connection);
        _queue = Channel.CreateBounded<WriteItem>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _dataVersionQuery = connection.CreateCommand();
        _dataVersionQuery.CommandText = "PRAGMA data_version";
        _dataVersion = DataVersion();
        _thread = new Thread(Run) { IsBackground = true, Name = "edge-ledger-writer" };
        _thread.Start();
    }

    /// <summary>Queues one instance's mappings; the task completes when they are committed, or faults if they are refused.</summary>
    public async Task RecordAsync(InstanceMapping mapping, CancellationToken cancellationToken)
    {
        var item = new MappingItem(mapping);
        await Enqueue(item, cancellationToken).ConfigureAwait(false);
        await item.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="operation"/> on the writer in a transaction of its own.</summary>
    public async Task<T> RunAsync<T>(Func<WriterSession, T> operation, CancellationToken cancellationToken)
    {
        var item = new OperationItem(session => operation(session));
        await Enqueue(item, cancellationToken).ConfigureAwait(false);
        return (T)(await item.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async ValueTask Enqueue(WriteItem item, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            _queued.Set();
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(LedgerStore), "The ledger is closed.");
        }
    }

    /// <summary>
    /// Blocks the writer thread until something is queued (true) or the queue is closed and empty (false). Producers
    /// wake it directly through <see cref="_queued"/>: waiting on the channel's WaitToReadAsync instead went through a
    /// thread-pool thread first, two wake-ups per instance on busy processors (0.6 ms from queue to commit here).
    /// </summary>
    private bool WaitForWork()
    {
        while (true)
        {
            // Reset before looking, so that an item queued after the look sets the event again.
            _queued.Reset();
            if (_queue.Reader.TryPeek(out _))
            {
                return true;
            }
            if (_queue.Reader.Completion.IsCompleted)
            {
                return false;
            }
            _queued.Wait();
        }
    }

    private void Run()
    {
        var batch = new List<WriteItem>(_options.MaxBatchSize);
        var mappings = new List<MappingItem>(_options.MaxBatchSize);
        try
        {
            while (WaitForWork())
            {
                AwaitSendersOfLastBatch(batch.Count);
                batch.Clear();
                while (batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                ForgetCachesIfChangedElsewhere();
                foreach (var item in batch)
                {
                    if (item is MappingItem mapping)
                    {
                        mappings.Add(mapping);
                        continue;
                    }
                    CommitMappings(mappings);
                    Execute((OperationItem)item);
                }
                CommitMappings(mappings);
            }
            _stopped.TrySetResult();
        }
        catch (Exception ex)
        {
            // Only a defect lands here (every transaction handles its own faults); still, nothing may wait forever.
            _queue.Writer.TryComplete(ex);
            foreach (var item in batch)
            {
                item.Fail(new LedgerException("The ledger writer stopped: " + ex.Message, ex));
            }
            while (_queue.Reader.TryRead(out var left))
            {
                left.Fail(new LedgerException("The ledger writer stopped: " + ex.Message, ex));
            }
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// Group commit window: the senders of the last batch were just released and are about to queue their next
    /// instances. Waiting for them (never longer than the window) lets one fsync cover them all instead of
    /// alternating half-full batches. After a batch of one, as with a single sender, nothing waits.
    /// </summary>
    private void AwaitSendersOfLastBatch(int lastBatchSize)
    {
        if (lastBatchSize <= 1 || _options.GroupCommitWindow <= TimeSpan.Zero)
        {
            return;
        }
        var expected = Math.Min(lastBatchSize, _options.MaxBatchSize);
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.GroupCommitWindow.TotalSeconds * Stopwatch.Frequency);
        // Yielding rather than sleeping: the window is shorter than the scheduler's sleep granularity.
        while (_queue.Reader.Count < expected && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Yield();
        }
    }

    private void CommitMappings(List<MappingItem> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        try
        {
            using (var transaction = _connection.BeginTransaction())
            {
                _recorder.Begin(transaction);
                _audit.Begin(transaction);
                foreach (var item in items)
                {
                    try
                    {
                        _recorder.Record(item.Mapping, now, _audit, _options.Actor);
                    }
                    catch (LedgerException ex)
                    {
                        item.Refusal = ex;
                    }
                }
                _recorder.FinishBatch();
                transaction.Commit();
            }
            foreach (var item in items)
            {
                if (item.Refusal is { } refusal)
                {
                    item.Completion.TrySetException(refusal);
                }
                else
                {
                    item.Completion.TrySetResult(null);
                }
            }
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            _recorder.ForgetCaches();
            var failure = new LedgerException("The ledger could not commit instance mappings: " + ex.Message, ex);
            foreach (var item in items)
            {
                item.Fail(failure);
            }
        }
        finally
        {
            items.Clear();
        }
    }

    private void Execute(OperationItem item)
    {
        try
        {
            object? result;
            WriterSession session;
            using (var transaction = _connection.BeginTransaction())
            {
                _recorder.Begin(transaction);
                _audit.Begin(transaction);
                session = new WriterSession(_connection, transaction, _audit, _recorder, _options.Actor);
                result = item.Operation(session);
                transaction.Commit();
            }
            foreach (var action in session.Committed)
            {
                action();
            }
            if (session.CheckpointAfterCommit)
            {
                Checkpoint();
            }
            item.Completion.TrySetResult(result);
        }
        catch (Exception ex)
        {
            _recorder.ForgetCaches();
            item.Fail(ex is SqliteException ? new LedgerException("The ledger could not complete the operation: " + ex.Message, ex) : ex);
        }
    }

    private void Checkpoint()
    {
        try
        {
            LedgerConnection.Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException)
        {
            // Best effort after a commit that stands: the automatic checkpoints get there later.
        }
    }

    private void ForgetCachesIfChangedElsewhere()
    {
        // data_version moves only when another connection (another process) commits; our own commits leave it alone.
        try
        {
            var version = DataVersion();
            if (version != _dataVersion)
            {
                _recorder.ForgetCaches();
                _dataVersion = version;
            }
        }
        catch (SqliteException)
        {
            // The transaction that follows meets the same fault and reports it to its callers.
            _recorder.ForgetCaches();
        }
    }

    private long DataVersion() => (long)_dataVersionQuery.ExecuteScalar()!;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _queued.Set();
        await _stopped.Task.ConfigureAwait(false);
        _recorder.Dispose();
        _audit.Dispose();
        _dataVersionQuery.Dispose();
        // _queued stays undisposed: a producer whose item the thread already took may still set it, and it holds no
        // kernel handle unless its WaitHandle is asked for, which nothing does.
    }

    private abstract class WriteItem
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception ex) => Completion.TrySetException(ex);
    }

    private sealed class MappingItem(InstanceMapping mapping) : WriteItem
    {
        public InstanceMapping Mapping { get; } = mapping;

        public LedgerException? Refusal { get; set; }
    }

    private sealed class OperationItem(Func<WriterSession, object?> operation) : WriteItem
    {
        public Func<WriterSession, object?> Operation { get; } = operation;
    }
}
