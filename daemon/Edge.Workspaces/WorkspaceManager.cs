using Edge.Workspaces.Definitions;
using Edge.Workspaces.Storage;

namespace Edge.Workspaces;

/// <summary>
/// The registry and the open store of each workspace in it. Stores open (and recover) at start; a workspace added at
/// runtime gets its store on first use; a changed definition reaches its open store at once.
/// </summary>
public sealed class WorkspaceManager : IAsyncDisposable
{
    private readonly WorkspaceOptions _options;
    private readonly Dictionary<string, Task<WorkspaceStore>> _stores = new(StringComparer.Ordinal);
    private readonly Lock _storesLock = new();
    private bool _disposed;

    private WorkspaceManager(WorkspaceRegistry registry, WorkspaceOptions options)
    {
        Registry = registry;
        _options = options;
        Registry.Changed += OnRegistryChanged;
    }

    public WorkspaceRegistry Registry { get; }

    /// <summary>Opens every registered workspace, recovering each from an interrupted run.</summary>
    public static async Task<WorkspaceManager> OpenAsync(WorkspaceRegistry registry, WorkspaceOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var manager = new WorkspaceManager(registry, options);
        try
        {
            foreach (var workspace in registry.All)
            {
                await manager.GetStoreAsync(workspace.Name, cancellationToken).ConfigureAwait(false);
            }
            return manager;
        }
        catch
        {
            await manager.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The store of a registered workspace, opened on first use.</summary>
    /// <exception cref="UnknownWorkspaceException">No workspace has that name.</exception>
    public Task<WorkspaceStore> GetStoreAsync(string name, CancellationToken cancellationToken = default)
    {
        var definition = Registry.Get(name);
        lock (_storesLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_stores.TryGetValue(name, out var existing) && !existing.IsFaulted && !existing.IsCanceled)
            {
                return existing;
            }
            var opening = WorkspaceStore.OpenAsync(definition, _options, cancellationToken);
            _stores[name] = opening;
            return opening;
        }
    }

    /// <summary>The store a called AE title selects, or null when no workspace answers to it.</summary>
    public async Task<WorkspaceStore?> FindStoreByCalledAeTitleAsync(string calledAeTitle, CancellationToken cancellationToken = default) =>
        Registry.FindByCalledAeTitle(calledAeTitle) is { } definition
            ? await GetStoreAsync(definition.Name, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>Registers a new workspace and opens its store: its AE title is answered at once.</summary>
    /// <exception cref="WorkspaceDefinitionException">Invalid, or its name or AE title is taken.</exception>
    public async Task<WorkspaceStore> CreateAsync(WorkspaceDefinition definition, CancellationToken cancellationToken = default)
    {
        await Registry.AddAsync(definition, cancellationToken).ConfigureAwait(false);
        return await GetStoreAsync(definition.Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Workspaces whose retention date has passed and that still hold data.</summary>
    public IReadOnlyList<WorkspaceDefinition> ExpiredWorkspaces(DateTimeOffset now) => Registry.ExpiredWorkspaces(now);

    /// <summary>
    /// Deletes a workspace's files, index and staging (its ledger mappings are the caller's concern). It is marked
    /// purged in the registry first, so a crash midway is finished at the next start and no instance gets in meanwhile.
    /// </summary>
    /// <exception cref="UnknownWorkspaceException">No workspace has that name.</exception>
    public async Task<PurgeResult> PurgeAsync(string name, IProgress<PurgeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var store = await GetStoreAsync(name, cancellationToken).ConfigureAwait(false);
        if (!Registry.Get(name).IsPurged)
        {
            await Registry.MarkPurgedAsync(name, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        }
        return await store.PurgeAsync(progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stats of a workspace.</summary>
    public async Task<WorkspaceStats> GetStatsAsync(string name, CancellationToken cancellationToken = default) =>
        await (await GetStoreAsync(name, cancellationToken).ConfigureAwait(false)).GetStatsAsync(cancellationToken).ConfigureAwait(false);

    private void OnRegistryChanged(object? sender, IReadOnlyList<WorkspaceDefinition> workspaces)
    {
        lock (_storesLock)
        {
            foreach (var definition in workspaces.Where(w => !w.IsPurged))
            {
                if (!_stores.TryGetValue(definition.Name, out var opening) || !opening.IsCompletedSuccessfully)
                {
                    continue;
                }
                if (opening.Result.IsPurged)
                {
                    // Removed after its purge and created anew: the next use opens a fresh store.
                    _stores.Remove(definition.Name);
                    opening.Result.Dispose();
                }
                else
                {
                    opening.Result.UpdateDefinition(definition);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Task<WorkspaceStore>> stores;
        lock (_storesLock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            stores = [.. _stores.Values];
            _stores.Clear();
        }
        Registry.Changed -= OnRegistryChanged;
        foreach (var opening in stores)
        {
            try
            {
                (await opening.ConfigureAwait(false)).Dispose();
            }
            catch (Exception ex) when (ex is WorkspaceException or IOException or OperationCanceledException)
            {
                // A store that failed to open has nothing to close.
            }
        }
    }
}
