using System.Collections.Concurrent;
using Edge.Daemon.Configuration;
using Edge.Daemon.Ingest;
using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Deid.Pseudonyms;
using Edge.Ledger;
using Edge.Workspaces;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Storage;
using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Composition;

/// <summary>Where everything lives under the state directory.</summary>
public sealed record StatePaths(string Root)
{
    public string Spool => Path.Combine(Root, "spool");
    public string Quarantine => Path.Combine(Root, "quarantine");

    public void Create()
    {
        Directory.CreateDirectory(Root);
        foreach (var d in new[] { Spool, Quarantine })
        {
            Directory.CreateDirectory(d);
            // Both hold data as received, with PHI: only the daemon's user may enter.
            File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}

/// <summary>
/// The running daemon's parts, built once at start: configuration, ledger, workspaces, quarantine, ingest monitor,
/// and the per-workspace engines and keys (profiles and secrets are read once, then cached).
/// </summary>
public sealed class EdgeRuntime : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, DeidEngine> _engines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<WorkspaceKey>> _keys = new(StringComparer.Ordinal);
    private readonly Lazy<PixelCleanerAdapter> _pixelCleaner;

    private EdgeRuntime(EdgeConfiguration configuration, StatePaths paths, LedgerStore ledger, WorkspaceManager workspaces)
    {
        Configuration = configuration;
        Paths = paths;
        Ledger = ledger;
        Workspaces = workspaces;
        Quarantine = new QuarantineStore(paths.Quarantine);
        MappingSink = new LedgerMappingSink(ledger);
        ReaderOptions = new() { TemporaryDirectory = paths.Spool };
        _pixelCleaner = new(() => new PixelCleanerAdapter(paths.Spool), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public EdgeConfiguration Configuration { get; }
    public StatePaths Paths { get; }
    public LedgerStore Ledger { get; }
    public WorkspaceManager Workspaces { get; }
    public QuarantineStore Quarantine { get; }
    public IngestMonitor Monitor { get; } = new();

    /// <summary>From a received data set to the workspace: C-STORE and the quarantine's retry go through it.</summary>
    public IngestPipeline Pipeline { get; private set; } = null!;

    /// <summary>How received data sets are read: inflated copies of deflated ones go to the private spool, not /tmp.</summary>
    public Edge.Dicom.Data.DicomReaderOptions ReaderOptions { get; }

    public IDeidMappingSink MappingSink { get; }

    /// <summary>
    /// Opens (or on first start creates) the ledger, loads the workspace registry and brings the configured
    /// workspaces into it, opens every workspace (which recovers from a crash), and empties the spool.
    /// </summary>
    public static async Task<EdgeRuntime> StartAsync(EdgeConfiguration configuration, string stateDirectory, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var paths = new StatePaths(stateDirectory);
        paths.Create();
        foreach (var leftover in Directory.EnumerateFiles(paths.Spool))
        {
            // Spool files of a previous run were never acknowledged: the sender will send them again.
            File.Delete(leftover);
        }
        var location = LedgerLocation.FromStateDirectory(stateDirectory);
        var ledger = File.Exists(location.DatabasePath) ? LedgerStore.Open(location) : LedgerStore.Initialise(location);
        try
        {
            var registry = WorkspaceRegistry.Load(stateDirectory);
            foreach (var section in configuration.Workspaces)
            {
                var definition = WorkspaceDefinitions.From(section, configuration.Storage);
                var existing = registry.Find(definition.Name);
                if (existing is null)
                {
                    await registry.AddAsync(definition, cancellationToken).ConfigureAwait(false);
                }
                else if (!existing.IsPurged && existing != definition)
                {
                    await registry.UpdateAsync(definition, cancellationToken).ConfigureAwait(false);
                }
            }
            var options = new WorkspaceOptions
            {
                StateDirectory = stateDirectory,
                FreeSpaceReserveBytes = configuration.Storage.FreeSpaceReserveMb * 1024L * 1024L,
            };
            var workspaces = await WorkspaceManager.OpenAsync(registry, options, cancellationToken).ConfigureAwait(false);
            var runtime = new EdgeRuntime(configuration, paths, ledger, workspaces);
            runtime.Pipeline = new IngestPipeline(runtime, loggers.CreateLogger<IngestPipeline>());
            return runtime;
        }
        catch
        {
            await ledger.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The engine for a profile (built-in name or file), loaded once.</summary>
    public DeidEngine EngineFor(string profile) => _engines.GetOrAdd(profile, p => CreateEngine(p, PixelCleaner));

    /// <summary>
    /// The burned-in text stage of this daemon: OCR engines loaded once, on the first at-risk instance; masked frames
    /// wait in the private spool (never /tmp, which other services share).
    /// </summary>
    public PixelCleanerAdapter PixelCleaner => _pixelCleaner.Value;

    /// <summary>
    /// A de-identification engine configured exactly as the daemon's ingest uses it, for a profile name or file; the
    /// end-to-end tests predict what edged must store with it.
    /// </summary>
    public static DeidEngine CreateEngine(string profile, PixelCleanerAdapter? pixelCleaner = null) =>
        new(ProfileLoader.Resolve(profile), pixelCleaner: pixelCleaner ?? PixelCleanerAdapter.Shared);

    /// <summary>The workspace's key, its secret read from the ledger once (created there on first use).</summary>
    public Task<WorkspaceKey> KeyForAsync(string workspace) =>
        _keys.GetOrAdd(workspace, async w => new WorkspaceKey(w, await Ledger.GetOrCreateWorkspaceSecretAsync(w).ConfigureAwait(false)));

    /// <summary>Forgets a workspace's cached key (after GDPR erasure removed its secret).</summary>
    public void ForgetKey(string workspace) => _keys.TryRemove(workspace, out _);

    public async ValueTask DisposeAsync()
    {
        await Workspaces.DisposeAsync().ConfigureAwait(false);
        await Ledger.DisposeAsync().ConfigureAwait(false);
        if (_pixelCleaner.IsValueCreated)
        {
            _pixelCleaner.Value.Dispose();
        }
    }
}
