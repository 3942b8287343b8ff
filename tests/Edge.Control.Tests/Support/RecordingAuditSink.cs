using Edge.Control.Audit;

namespace Edge.Control.Tests.Support;

/// <summary>Keeps every audit record; can be told to fail, as a ledger that cannot write would.</summary>
internal sealed class RecordingAuditSink : IControlAuditSink
{
    private readonly List<ControlAuditRecord> _records = [];
    private readonly SemaphoreSlim _added = new(0);

    public bool Fail { get; set; }

    public IReadOnlyList<ControlAuditRecord> Records
    {
        get
        {
            lock (_records)
            {
                return _records.ToList();
            }
        }
    }

    public ValueTask RecordAsync(ControlAuditRecord record, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new IOException("the audit trail is not writable");
        }
        lock (_records)
        {
            _records.Add(record);
        }
        _added.Release();
        return ValueTask.CompletedTask;
    }

    /// <summary>The first record of a method, waiting for it (calls the caller abandoned are audited a little later).</summary>
    public async Task<ControlAuditRecord> WaitForAsync(string method, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = Records.FirstOrDefault(r => r.Method == method);
            if (found is not null)
            {
                return found;
            }
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _added.WaitAsync(left))
            {
                throw new TimeoutException($"No audit record for {method}.");
            }
        }
    }
}
