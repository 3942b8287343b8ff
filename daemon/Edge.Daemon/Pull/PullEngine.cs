using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Edge.Daemon.Configuration;
using Edge.Dicom.Network;
using Edge.Workspaces;
using Edge.Workspaces.Definitions;
using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Pull;

/// <summary>Where the engine keeps its state and which PACS it pulls from.</summary>
public sealed record PullEngineOptions
{
    /// <summary>The daemon's state directory; pulls are kept in its <c>pulls</c> subdirectory.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The PACS (configuration <c>pacs</c>); null refuses every pull.</summary>
    public PacsSection? Pacs { get; init; }

    /// <summary>Timeouts and PDU size of the associations with the PACS. Default: <see cref="DicomClientOptions"/>'s.</summary>
    public DicomClientOptions Client { get; init; } = new();

    /// <summary>How long a shutdown waits for C-CANCELs to be answered before aborting the associations. Default 10 s.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Pulls a project's studies from the hospital PACS into its workspace: a C-FIND for the selection, then a C-MOVE
/// of each study found, to the workspace's AE title, so that the instances come in through the ordinary C-STORE
/// path and are de-identified there. Each pull is recorded under <c>STATE/pulls</c> before it starts and after each
/// study, so that after a restart it resumes with the studies not yet done: none is moved twice once done, and an
/// instance of a study cut short arrives again and replaces its first copy. Progress is streamed to watchers. The
/// selected identifiers are kept in the state file only; logs carry pull ids and counts.
/// </summary>
public sealed class PullEngine : IAsyncDisposable
{
    private readonly PullStore _store;
    private readonly WorkspaceRegistry _workspaces;
    private readonly PullEngineOptions _options;
    private readonly PacsClient? _pacs;
    private readonly ILogger _logger;
    private readonly Dictionary<string, PullEntry> _pulls = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _abort = new();
    private bool _disposed;

    private PullEngine(PullEngineOptions options, PullStore store, WorkspaceRegistry workspaces, ILogger logger)
    {
        _options = options;
        _store = store;
        _workspaces = workspaces;
        _logger = logger;
        if (options.Pacs is { } pacs)
        {
            var client = new DicomClient(options.Client);
            _pacs = new PacsClient(client, new DicomPeer(pacs.Host, pacs.Port, pacs.AeTitle), _abort.Token);
        }
    }

    /// <summary>
    /// Loads the recorded pulls. Those a crash or a stop left running are marked <see cref="PullState.Interrupted"/>;
    /// <see cref="ResumeInterrupted"/> continues them.
    /// </summary>
    /// <exception cref="IOException">The state directory cannot be created or read.</exception>
    public static PullEngine Open(PullEngineOptions options, WorkspaceRegistry workspaces, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(workspaces);
        var engine = new PullEngine(options, new PullStore(options.StateDirectory), workspaces, loggers.CreateLogger<PullEngine>());
        var (pulls, unreadable) = engine._store.LoadAll();
        foreach (var file in unreadable)
        {
            PullLog.Unreadable(engine._logger, file);
        }
        foreach (var record in pulls)
        {
            if (!record.State.IsFinished())
            {
                record.State = PullState.Interrupted;
                record.Problem = "Interrupted by a restart.";
                record.UpdatedAt = DateTimeOffset.UtcNow;
                engine._store.Save(record);
                PullLog.FoundInterrupted(engine._logger, record.Id);
            }
            engine._pulls[record.Id] = new PullEntry(record);
        }
        return engine;
    }

    /// <summary>Records a pull and starts it; follow it with <see cref="WatchAsync"/>.</summary>
    /// <exception cref="PullRequestException">The selection is invalid.</exception>
    /// <exception cref="UnknownWorkspaceException">No workspace has that name.</exception>
    /// <exception cref="WorkspacePurgedException">The workspace was purged.</exception>
    /// <exception cref="PullNotConfiguredException">No PACS is configured.</exception>
    /// <exception cref="IOException">The pull cannot be recorded.</exception>
    public PullSummary Start(PullRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Selection.Validate();
        if (string.IsNullOrWhiteSpace(request.RequestedBy))
        {
            throw new PullRequestException("A pull must say who requested it.");
        }
        RequirePullable(request.Workspace);
        var now = DateTimeOffset.UtcNow;
        var record = new PullRecord
        {
            Id = $"{now:yyyyMMdd}-{Guid.NewGuid():N}"[..17],
            Workspace = request.Workspace,
            RequestedBy = request.RequestedBy,
            Reason = request.Reason,
            CreatedAt = now,
            UpdatedAt = now,
            Selection = request.Selection,
            State = PullState.Queued,
        };
        _store.Save(record);
        var entry = new PullEntry(record);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _pulls[record.Id] = entry;
            Launch(entry);
        }
        PullLog.Started(_logger, record.Id, record.Workspace, record.RequestedBy, request.Selection.Kind, request.Selection.KeyCount);
        return entry.Summary();
    }

    /// <summary>
    /// Continues an interrupted, cancelled or failed pull: without finding again once the C-FIND had completed, and
    /// with only the studies not done (failed ones are tried again). A running or completed pull is left as it is.
    /// </summary>
    /// <exception cref="UnknownPullException">No pull has that id.</exception>
    /// <exception cref="UnknownWorkspaceException">Its workspace is gone.</exception>
    /// <exception cref="WorkspacePurgedException">Its workspace was purged.</exception>
    /// <exception cref="PullNotConfiguredException">No PACS is configured.</exception>
    public PullSummary Resume(string pullId)
    {
        var entry = Find(pullId);
        RequirePullable(entry.Record.Workspace);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            lock (entry.Gate)
            {
                if (entry.IsRunning || entry.Record.State == PullState.Completed)
                {
                    return entry.Summary();
                }
                entry.Record.State = PullState.Queued;
                entry.Record.Problem = null;
                entry.Record.UpdatedAt = DateTimeOffset.UtcNow;
            }
            Save(entry);
            Launch(entry);
        }
        var progress = entry.Summary().Progress;
        PullLog.Resumed(_logger, pullId, progress.StudiesTotal - progress.StudiesDone, progress.StudiesTotal);
        return entry.Summary();
    }

    /// <summary>Resumes every interrupted pull (at start, after a restart); returns them.</summary>
    public IReadOnlyList<PullSummary> ResumeInterrupted()
    {
        List<string> ids;
        lock (_lock)
        {
            ids = _pulls.Values.Where(e => e.Record.State == PullState.Interrupted).Select(e => e.Record.Id).ToList();
        }
        var resumed = new List<PullSummary>();
        foreach (var id in ids)
        {
            try
            {
                resumed.Add(Resume(id));
            }
            catch (Exception ex) when (ex is PullException or WorkspaceException)
            {
                // One pull that cannot resume (no PACS any more, workspace gone) must not stop the daemon or the others.
                PullLog.Failed(_logger, id, ex.Message);
            }
        }
        return resumed;
    }

    /// <summary>
    /// Cancels a pull: the C-MOVE under way is cancelled (C-CANCEL) and the pull ends <see cref="PullState.Cancelled"/>
    /// once the PACS answered; a pull not running is marked cancelled. Resuming continues it.
    /// </summary>
    /// <exception cref="UnknownPullException">No pull has that id.</exception>
    public async Task<PullSummary> CancelAsync(string pullId, CancellationToken cancellationToken = default)
    {
        var entry = Find(pullId);
        Task? running;
        lock (entry.Gate)
        {
            running = entry.Stop(PullState.Cancelled);
            if (running is null && entry.Record.State is not (PullState.Completed or PullState.Cancelled))
            {
                entry.Record.State = PullState.Cancelled;
                entry.Record.UpdatedAt = DateTimeOffset.UtcNow;
            }
        }
        if (running is not null)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Save(entry);
            entry.Publish();
        }
        return entry.Summary();
    }

    /// <summary>The pull's progress now and at each change, until it has finished (completed, failed, cancelled or interrupted).</summary>
    /// <exception cref="UnknownPullException">No pull has that id.</exception>
    public async IAsyncEnumerable<PullProgress> WatchAsync(string pullId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var entry = Find(pullId);
        while (true)
        {
            var (progress, changed) = entry.Observe();
            yield return progress;
            if (progress.State.IsFinished())
            {
                yield break;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <exception cref="UnknownPullException">No pull has that id.</exception>
    public PullSummary Get(string pullId) => Find(pullId).Summary();

    /// <summary>Pulls newest first; completed and cancelled ones only when asked for.</summary>
    public IReadOnlyList<PullSummary> List(string? workspace = null, bool includeFinished = false)
    {
        List<PullEntry> entries;
        lock (_lock)
        {
            entries = [.. _pulls.Values];
        }
        return entries.Select(e => e.Summary())
            .Where(s => workspace is null || s.Workspace == workspace)
            .Where(s => includeFinished || s.Progress.State is not (PullState.Completed or PullState.Cancelled))
            .OrderByDescending(s => s.CreatedAt)
            .ToList();
    }

    /// <summary>Stops the running pulls as <see cref="PullState.Interrupted"/> (C-CANCEL, then abort after the grace period) and records them.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Task> running;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            running = [];
            foreach (var entry in _pulls.Values)
            {
                lock (entry.Gate)
                {
                    if (entry.Stop(PullState.Interrupted) is { } task)
                    {
                        running.Add(task);
                    }
                }
            }
        }
        var all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(_options.StopGracePeriod)).ConfigureAwait(false) != all)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
        }
        await all.ConfigureAwait(false);
        _abort.Dispose();
    }

    private PullEntry Find(string pullId)
    {
        lock (_lock)
        {
            return _pulls.GetValueOrDefault(pullId) ?? throw new UnknownPullException(pullId);
        }
    }

    /// <summary>The workspace a pull brings studies to, when a PACS is configured and the workspace can take them.</summary>
    private WorkspaceDefinition RequirePullable(string name)
    {
        if (_pacs is null)
        {
            throw new PullNotConfiguredException("No PACS is configured: set the pacs section (AE title, host, port) of the configuration.");
        }
        var workspace = _workspaces.Find(name) ?? throw new UnknownWorkspaceException($"No workspace is named {name}.");
        return workspace.IsPurged ? throw new WorkspacePurgedException(name) : workspace;
    }

    /// <summary>Starts the entry's run; the caller holds <see cref="_lock"/>.</summary>
    private void Launch(PullEntry entry)
    {
        var cancel = new CancellationTokenSource();
        lock (entry.Gate)
        {
            entry.Begin(cancel, Task.Run(() => RunAsync(entry, cancel)));
        }
    }

    private async Task RunAsync(PullEntry entry, CancellationTokenSource cancel)
    {
        var record = entry.Record;
        try
        {
            var aeTitle = RequirePullable(record.Workspace).AeTitle;
            if (!record.Found)
            {
                Update(entry, r => r.State = PullState.Finding);
                var (found, unmatched) = await _pacs!.FindStudiesAsync(aeTitle, record.Selection.FindIdentifiers(), cancel.Token).ConfigureAwait(false);
                Update(entry, r =>
                {
                    r.Studies.Clear();
                    r.Studies.AddRange(found.Select(f => new StudyRecord { StudyInstanceUid = f.StudyInstanceUid, PatientId = f.PatientId }));
                    r.KeysWithoutStudy = unmatched;
                    r.Found = true;
                });
                PullLog.Found(_logger, record.Id, found.Count);
            }
            Update(entry, r => r.State = PullState.Moving);
            List<(StudyRecord Study, int Index)> todo;
            lock (entry.Gate)
            {
                todo = record.Studies.Select((s, i) => (s, i + 1)).Where(t => t.s.State != StudyPullState.Done).ToList();
            }
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Pacs!.ParallelMoves), CancellationToken = cancel.Token };
            var moves = Parallel.ForEachAsync(todo, parallel, (t, ct) => new ValueTask(MoveAsync(entry, aeTitle, t.Study, t.Index, ct)));
            try
            {
                await moves.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (moves.Exception?.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) is { } cause)
            {
                // One move failed and the others were cancelled because of it: report the failure.
                ExceptionDispatchInfo.Throw(cause);
            }
            Update(entry, r =>
            {
                var failed = r.Studies.Count(s => s.State == StudyPullState.Failed);
                r.State = failed == 0 ? PullState.Completed : PullState.Failed;
                r.Problem = failed > 0 ? $"{failed} of {r.Studies.Count} studies failed; resume the pull to try them again."
                    : r.KeysWithoutStudy > 0 ? $"{r.KeysWithoutStudy} of {r.Selection.KeyCount} requested keys matched no study in the PACS."
                    : null;
            });
        }
        catch (Exception ex) when (cancel.IsCancellationRequested && ex is OperationCanceledException or DicomNetworkException)
        {
            // Cancelled on request or by a shutdown (whose grace period may have ended in an abort).
            Update(entry, r =>
            {
                r.State = entry.StopState;
                r.Problem = entry.StopState == PullState.Interrupted ? "Interrupted by a shutdown." : null;
            });
        }
        catch (Exception ex) when (ex is DicomNetworkException or PullException or IOException or WorkspaceException)
        {
            var problem = ex is DicomNetworkException ? "The PACS could not be reached or broke the association: " + ex.Message : ex.Message;
            Update(entry, r => (r.State, r.Problem) = (PullState.Failed, problem));
            PullLog.Failed(_logger, record.Id, problem);
        }
        catch (Exception ex)
        {
            // A bug must not take the daemon down: the pull fails and says so.
            PullLog.Crashed(_logger, ex, record.Id);
            Update(entry, r => (r.State, r.Problem) = (PullState.Failed, "Internal error (" + ex.GetType().Name + ")."));
        }
        finally
        {
            cancel.Dispose();
        }
        var end = entry.Summary().Progress;
        PullLog.Ended(_logger, record.Id, end.State, end.StudiesDone, end.StudiesTotal, end.InstancesReceived);
    }

    private async Task MoveAsync(PullEntry entry, string aeTitle, StudyRecord study, int index, CancellationToken cancellationToken)
    {
        FoundStudy target;
        lock (entry.Gate)
        {
            // Counts are those of the latest attempt: a study moved again is counted once.
            (study.Completed, study.Failed, study.Warning, study.State) = (0, 0, 0, StudyPullState.Pending);
            target = new FoundStudy(study.StudyInstanceUid, study.PatientId);
        }
        entry.Publish();
        var outcome = await _pacs!.MoveStudyAsync(aeTitle, aeTitle, target, progress =>
        {
            lock (entry.Gate)
            {
                (study.Completed, study.Failed, study.Warning) = (progress.Completed, progress.Failed, progress.Warning);
            }
            entry.Publish();
        }, cancellationToken).ConfigureAwait(false);
        if (outcome.Status.Category == DicomStatusCategory.Cancel && cancellationToken.IsCancellationRequested)
        {
            // Cut short on request: the study stays to be done.
            cancellationToken.ThrowIfCancellationRequested();
        }
        var done = outcome.Status.Category == DicomStatusCategory.Success
            || (outcome.Status.Category == DicomStatusCategory.Warning && outcome.Failed == 0);
        var total = 0;
        Update(entry, r =>
        {
            (study.Completed, study.Failed, study.Warning) = (outcome.Completed, outcome.Failed, outcome.Warning);
            study.State = done ? StudyPullState.Done : StudyPullState.Failed;
            total = r.Studies.Count;
        });
        if (done)
        {
            PullLog.StudyMoved(_logger, entry.Record.Id, index, total, outcome.Completed, outcome.Warning);
        }
        else
        {
            PullLog.StudyFailed(_logger, entry.Record.Id, index, total, outcome.Status.ToString(), outcome.Failed);
        }
    }

    /// <summary>Changes the record under its lock, saves it and tells the watchers.</summary>
    private void Update(PullEntry entry, Action<PullRecord> change)
    {
        // Under the save lock, which watchers also take: none sees a change (a study done) before it is recorded,
        // so what edgectl reported done is never moved again after a crash.
        lock (entry.SaveGate)
        {
            lock (entry.Gate)
            {
                change(entry.Record);
                entry.Record.UpdatedAt = DateTimeOffset.UtcNow;
            }
            Save(entry);
        }
        entry.Publish();
    }

    /// <summary>Writes the record as it is now; the save lock keeps a later state from being overwritten by an earlier one.</summary>
    private void Save(PullEntry entry)
    {
        lock (entry.SaveGate)
        {
            byte[] content;
            lock (entry.Gate)
            {
                // Serialised under the lock, written outside it.
                content = PullStore.Serialize(entry.Record);
            }
            try
            {
                _store.Save(entry.Record.Id, content);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The pull goes on: a resume after a restart would move again what was not recorded, and an
                // instance that arrives twice replaces itself.
                PullLog.SaveFailed(_logger, entry.Record.Id, ex.Message);
            }
        }
    }
}
