using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Platform;
using Edge.Workspaces.Storage;

namespace Edge.Workspaces.Definitions;

/// <summary>
/// The current set of workspaces. Readers see an immutable snapshot, so lookups on every association never lock;
/// changes (from the control plane at runtime) are validated as a whole set, written to <c>STATE/workspaces.json</c>
/// atomically, and only then published, so what is served and what survives a restart never disagree.
/// </summary>
public sealed class WorkspaceRegistry
{
    public const string FileName = "workspaces.json";
    private const int FileVersion = 1;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile Snapshot _snapshot;

    private WorkspaceRegistry(string? filePath, Snapshot snapshot)
    {
        FilePath = filePath;
        _snapshot = snapshot;
    }

    /// <summary>Where the set is persisted; null for a registry kept in memory only.</summary>
    public string? FilePath { get; }

    /// <summary>Every workspace, purged ones included, in name order.</summary>
    public IReadOnlyList<WorkspaceDefinition> All => _snapshot.All;

    /// <summary>Raised after a change is persisted and published, with the new set.</summary>
    public event EventHandler<IReadOnlyList<WorkspaceDefinition>>? Changed;

    /// <summary>Reads <c>STATE/workspaces.json</c>; an absent file is an empty registry that will be created on the first change.</summary>
    /// <exception cref="WorkspaceDefinitionException">The file is not valid JSON or holds an invalid set.</exception>
    public static WorkspaceRegistry Load(string stateDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(stateDirectory), FileName);
        if (!File.Exists(path))
        {
            return new WorkspaceRegistry(path, Snapshot.Of([]));
        }
        RegistryFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RegistryFile>(File.ReadAllBytes(path), s_json);
        }
        catch (JsonException ex)
        {
            throw new WorkspaceDefinitionException($"{path} is not a valid workspace registry: {ex.Message}", ex);
        }
        if (file is null || file.Version != FileVersion || file.Workspaces is null)
        {
            throw new WorkspaceDefinitionException($"{path} is not a version {FileVersion} workspace registry.");
        }
        return new WorkspaceRegistry(path, Snapshot.Of(file.Workspaces, path));
    }

    /// <summary>A registry that is not persisted (tests, or workspaces that come only from the configuration).</summary>
    public static WorkspaceRegistry InMemory(IEnumerable<WorkspaceDefinition> workspaces) =>
        new(null, Snapshot.Of(workspaces.ToList()));

    public WorkspaceDefinition? Find(string name) => _snapshot.ByName.GetValueOrDefault(name);

    /// <summary>The workspace a called AE title selects: compared trimmed and case-sensitively, as DICOM does.</summary>
    public WorkspaceDefinition? FindByCalledAeTitle(string calledAeTitle) =>
        _snapshot.ByAeTitle.GetValueOrDefault(AeTitles.Normalise(calledAeTitle));

    /// <exception cref="UnknownWorkspaceException">No workspace has that name.</exception>
    public WorkspaceDefinition Get(string name) =>
        Find(name) ?? throw new UnknownWorkspaceException($"No workspace is named {name}.");

    /// <summary>Workspaces whose retention date has passed and that still hold data.</summary>
    public IReadOnlyList<WorkspaceDefinition> ExpiredWorkspaces(DateTimeOffset now) =>
        _snapshot.All.Where(w => w.IsExpired(now)).ToList();

    /// <exception cref="WorkspaceDefinitionException">Invalid, or its name or AE title is taken.</exception>
    public Task AddAsync(WorkspaceDefinition workspace, CancellationToken cancellationToken = default) =>
        ChangeAsync(current =>
        {
            if (current.Any(w => w.Name == workspace.Name))
            {
                throw new WorkspaceDefinitionException($"A workspace named {workspace.Name} already exists.");
            }
            return [.. current, workspace];
        }, cancellationToken);

    /// <summary>Replaces the definition of the same name.</summary>
    /// <exception cref="UnknownWorkspaceException">No workspace has that name.</exception>
    public Task UpdateAsync(WorkspaceDefinition workspace, CancellationToken cancellationToken = default) =>
        ChangeAsync(current => Replace(current, workspace.Name, _ => workspace), cancellationToken);

    /// <exception cref="UnknownWorkspaceException">No workspace has that name.</exception>
    public Task RemoveAsync(string name, CancellationToken cancellationToken = default) =>
        ChangeAsync(current =>
        {
            if (current.All(w => w.Name != name))
            {
                throw new UnknownWorkspaceException($"No workspace is named {name}.");
            }
            return current.Where(w => w.Name != name).ToList();
        }, cancellationToken);

    /// <summary>Replaces the whole set at once (for example the daemon merging its configuration at start).</summary>
    public Task ReplaceAllAsync(IEnumerable<WorkspaceDefinition> workspaces, CancellationToken cancellationToken = default)
    {
        var replacement = workspaces.ToList();
        return ChangeAsync(_ => replacement, cancellationToken);
    }

    /// <summary>Records that a workspace's data is gone: it stays listed, refusing instances, until removed.</summary>
    public Task MarkPurgedAsync(string name, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangeAsync(current => Replace(current, name, w => w with { PurgedAt = at }), cancellationToken);

    private static List<WorkspaceDefinition> Replace(IReadOnlyList<WorkspaceDefinition> current, string name,
        Func<WorkspaceDefinition, WorkspaceDefinition> change)
    {
        var index = current.ToList().FindIndex(w => w.Name == name);
        if (index < 0)
        {
            throw new UnknownWorkspaceException($"No workspace is named {name}.");
        }
        var updated = current.ToList();
        updated[index] = change(current[index]);
        return updated;
    }

    private async Task ChangeAsync(Func<IReadOnlyList<WorkspaceDefinition>, List<WorkspaceDefinition>> change,
        CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = Snapshot.Of(change(_snapshot.All));
            if (FilePath is not null)
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(new RegistryFile(FileVersion, next.All), s_json);
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                DurableFile.Replace(FilePath, json, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            _snapshot = next;
            Changed?.Invoke(this, next.All);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private sealed record RegistryFile(int Version, IReadOnlyList<WorkspaceDefinition> Workspaces);

    private sealed class Snapshot
    {
        private Snapshot(List<WorkspaceDefinition> all)
        {
            All = all;
            ByName = all.ToDictionary(w => w.Name, StringComparer.Ordinal);
            ByAeTitle = all.ToDictionary(w => AeTitles.Normalise(w.AeTitle), StringComparer.Ordinal);
        }

        public IReadOnlyList<WorkspaceDefinition> All { get; }
        public Dictionary<string, WorkspaceDefinition> ByName { get; }
        public Dictionary<string, WorkspaceDefinition> ByAeTitle { get; }

        /// <summary>Validates each definition and the set: names and called AE titles are unique.</summary>
        public static Snapshot Of(IReadOnlyList<WorkspaceDefinition> workspaces, string? source = null)
        {
            try
            {
                foreach (var w in workspaces)
                {
                    w.Validate();
                    // An owner or group unknown on this host is refused now, not when the first instance arrives.
                    FileOwnership.Resolve(w);
                }
                if (workspaces.GroupBy(w => w.Name).FirstOrDefault(g => g.Count() > 1) is { } name)
                {
                    throw new WorkspaceDefinitionException($"Two workspaces are named {name.Key}.");
                }
                if (workspaces.GroupBy(w => AeTitles.Normalise(w.AeTitle)).FirstOrDefault(g => g.Count() > 1) is { } ae)
                {
                    throw new WorkspaceDefinitionException(
                        $"Workspaces {string.Join(" and ", ae.Select(w => w.Name))} share the AE title {ae.Key}; each needs its own.");
                }
            }
            catch (WorkspaceDefinitionException ex) when (source is not null)
            {
                throw new WorkspaceDefinitionException($"{source}: {ex.Message}", ex);
            }
            return new Snapshot(workspaces.OrderBy(w => w.Name, StringComparer.Ordinal).ToList());
        }
    }
}
