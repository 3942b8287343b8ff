namespace Edge.Workspaces.Storage;

/// <summary>
/// Lets operations on a workspace run concurrently until it is closed for a purge; closing waits for those already
/// inside and turns every later one away.
/// </summary>
internal sealed class OperationGate
{
    private readonly Lock _lock = new();
    private int _active;
    private bool _closed;
    private TaskCompletionSource? _drained;

    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    /// <summary>False once closed; a true result must be paired with <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }
            _active++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _active--;
            if (_closed && _active == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    /// <summary>Closes the gate; completes when every operation that was inside has left.</summary>
    public Task CloseAsync()
    {
        lock (_lock)
        {
            _closed = true;
            if (_active == 0)
            {
                return Task.CompletedTask;
            }
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }
}
