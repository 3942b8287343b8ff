namespace Edge.Daemon.Pull;

/// <summary>
/// One pull in memory: its record (changed under <see cref="Gate"/>), its run while it runs, and the signal its
/// watchers wait on. Progress is published by replacing the signal, so a watcher always sees the latest state.
/// </summary>
internal sealed class PullEntry(PullRecord record)
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _cancel;
    private Task? _run;

    public PullRecord Record { get; } = record;

    /// <summary>Guards <see cref="Record"/> and the run.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Orders the writes of the state file; taken before <see cref="Gate"/> when both are.</summary>
    public Lock SaveGate { get; } = new();

    /// <summary>The state a cancelled run ends in: interrupted by a shutdown unless cancelled on request.</summary>
    public PullState StopState { get; private set; } = PullState.Interrupted;

    public bool IsRunning => _run is { IsCompleted: false };

    /// <summary>Takes a new run; the caller holds <see cref="Gate"/>.</summary>
    public void Begin(CancellationTokenSource cancel, Task run)
    {
        _cancel = cancel;
        _run = run;
        StopState = PullState.Interrupted;
    }

    /// <summary>Cancels the run, if any, to end in <paramref name="state"/>; returns it to await. The caller holds <see cref="Gate"/>.</summary>
    public Task? Stop(PullState state)
    {
        if (!IsRunning)
        {
            return null;
        }
        StopState = state;
        try
        {
            _cancel!.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run is ending anyway.
        }
        return _run;
    }

    /// <summary>
    /// The progress now and the signal of the next change. Taken under <see cref="SaveGate"/> too, so that a change
    /// being recorded is seen only once it is on disk.
    /// </summary>
    public (PullProgress Progress, Task Changed) Observe()
    {
        lock (SaveGate)
        {
            lock (Gate)
            {
                return (Record.Progress(), _changed.Task);
            }
        }
    }

    public void Publish()
    {
        TaskCompletionSource previous;
        lock (Gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    public PullSummary Summary()
    {
        lock (Gate)
        {
            return Record.Summary();
        }
    }
}
