using Edge.Control.Access;
using Edge.Control.Audit;
using Edge.Control.Transport;
using Edge.Daemon.Composition;
using Edge.Daemon.Configuration;
using Edge.Daemon.Control;
using Edge.Daemon.Ingest;
using Edge.Daemon.Pull;
using Edge.Daemon.Systemd;
using Edge.Dicom.Network;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Hosting;

/// <summary>Settings of one `edged run`: the configuration and what the command line overrode.</summary>
public sealed record RunSettings(EdgeConfiguration Configuration, string ConfigurationSource, string StateDirectory, string ControlSocket);

/// <summary>
/// The daemon's lifetime: start the runtime (ledger, workspaces), the DICOM listener and the control socket, tell
/// systemd it is ready and keep its watchdog fed; on SIGTERM tell systemd it is stopping, drain associations, close.
/// </summary>
public sealed partial class EdgeService(RunSettings settings, ILoggerFactory loggers, IHostApplicationLifetime lifetime) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<EdgeService>();
    private readonly SdNotify _notify = new();
    private EdgeRuntime? _runtime;
    private DicomServer? _dicom;
    private ControlServer? _control;
    private PullEngine? _pulls;
    private Timer? _watchdog;
    private Timer? _retention;

    /// <summary>The DICOM port actually bound (when the configuration asked for port 0).</summary>
    public int? DicomPort => _dicom?.LocalEndPoint.Port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var c = settings.Configuration;
        Starting(_logger, settings.ConfigurationSource, settings.StateDirectory, ConfigurationLoader.Describe(c));
        _runtime = await EdgeRuntime.StartAsync(c, settings.StateDirectory, loggers, cancellationToken).ConfigureAwait(false);

        _dicom = new DicomServer(new DicomServerOptions
        {
            BindAddress = c.Dicom.BindAddress,
            Port = c.Dicom.Port,
            MaxAssociations = c.Dicom.MaxAssociations,
            MaxPduLength = (uint)c.Dicom.MaxPduKb * 1024,
            ArtimTimeout = TimeSpan.FromSeconds(c.Dicom.ArtimTimeoutSeconds),
            IdleTimeout = TimeSpan.FromSeconds(c.Dicom.IdleTimeoutSeconds),
        }, new EdgeAssociationAcceptor(_runtime, _runtime.Pipeline, loggers), loggers);
        await _dicom.StartAsync(cancellationToken).ConfigureAwait(false);
        var dicom = _dicom;

        // Pulls left running by a stop or a crash resume now that the listener can receive what the PACS sends.
        _pulls = PullEngine.Open(new PullEngineOptions { StateDirectory = settings.StateDirectory, Pacs = c.Pacs }, _runtime.Workspaces.Registry, loggers);
        _pulls.ResumeInterrupted();

        _control = await ControlServer.StartAsync(
            new ControlServerOptions { SocketPath = settings.ControlSocket, SocketGroup = c.Control.SocketGroup },
            ControlPlane.Build(_runtime, settings, _pulls, () => dicom.Status),
            ControlAccessPolicy.Resolve(ControlPlane.Access(c.Control)),
            new LedgerControlAuditSink(_runtime.Ledger),
            loggers,
            cancellationToken).ConfigureAwait(false);

        var endpoint = _dicom.LocalEndPoint;
        Ready(_logger, endpoint.Address.ToString(), endpoint.Port, settings.ControlSocket, string.Join(", ", c.Workspaces.Select(w => $"{w.AeTitle}→{w.Name}")));
        _notify.Ready($"listening on {endpoint}");
        if (SdNotify.WatchdogInterval() is { } interval)
        {
            _watchdog = new Timer(_ => _notify.Watchdog(), null, TimeSpan.Zero, interval / 2);
        }
        _retention = new Timer(_ => _ = PurgeExpiredAsync(), null, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
    }

    /// <summary>The daily retention job: purge expired workspaces (files and index; the ledger keeps its mappings).</summary>
    private async Task PurgeExpiredAsync()
    {
        if (_runtime is null)
        {
            return;
        }
        foreach (var w in _runtime.Workspaces.ExpiredWorkspaces(DateTimeOffset.UtcNow))
        {
            try
            {
                var result = await _runtime.Workspaces.PurgeAsync(w.Name, null, lifetime.ApplicationStopping).ConfigureAwait(false);
                await _runtime.Ledger.RecordPurgeAsync(w.Name, "retention date passed").ConfigureAwait(false);
                Purged(_logger, w.Name, result.FilesDeleted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                PurgeFailed(_logger, w.Name, ex.GetType().Name);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _notify.Stopping("draining associations");
        Stopping(_logger);
        _watchdog?.Dispose();
        _retention?.Dispose();
        if (_pulls is not null)
        {
            // Running pulls end Interrupted (C-CANCEL to the PACS) and resume at the next start.
            await _pulls.DisposeAsync().ConfigureAwait(false);
            _pulls = null;
        }
        if (_dicom is not null)
        {
            await _dicom.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_control is not null)
        {
            await _control.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        await DisposeAsync().ConfigureAwait(false);
        Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        if (_pulls is not null)
        {
            await _pulls.DisposeAsync().ConfigureAwait(false);
            _pulls = null;
        }
        if (_dicom is not null)
        {
            await _dicom.DisposeAsync().ConfigureAwait(false);
            _dicom = null;
        }
        if (_control is not null)
        {
            await _control.DisposeAsync().ConfigureAwait(false);
            _control = null;
        }
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync().ConfigureAwait(false);
            _runtime = null;
        }
        _notify.Dispose();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Starting with configuration {Source}, state under {StateDirectory}; effective configuration:\n{Configuration}")]
    private static partial void Starting(ILogger logger, string source, string stateDirectory, string configuration);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Ready: DICOM on {Address}:{Port}, control socket {ControlSocket}, workspaces {Workspaces}")]
    private static partial void Ready(ILogger logger, string address, int port, string controlSocket, string workspaces);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Stopping: draining associations")]
    private static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Stopped")]
    private static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Retention: purged workspace {Workspace} ({Files} files)")]
    private static partial void Purged(ILogger logger, string workspace, long files);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Retention: purging workspace {Workspace} failed ({Error})")]
    private static partial void PurgeFailed(ILogger logger, string workspace, string error);
}

/// <summary>
/// Every control call goes to the ledger's audit trail with the caller's uid, the method and its outcome; a refusal
/// as a refusal. Recorded before the caller learns the outcome: a call that cannot be audited does not succeed.
/// </summary>
internal sealed class LedgerControlAuditSink(Edge.Ledger.LedgerStore ledger) : IControlAuditSink
{
    public async ValueTask RecordAsync(ControlAuditRecord record, CancellationToken cancellationToken) =>
        await ledger.RecordControlCallAsync(new Edge.Ledger.Audit.ControlCallEvent(
            record.Peer.UserId,
            record.Peer.GroupId,
            record.Peer.ProcessId,
            record.Method,
            StatusName(record.Outcome),
            record.Grants.ToString(),
            record.Refused,
            record.Duration), cancellationToken).ConfigureAwait(false);

    /// <summary>gRPC's canonical spelling, as other gRPC tools print it: PermissionDenied → PERMISSION_DENIED.</summary>
    private static string StatusName(Edge.Control.Wire.StatusCode code) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(code.ToString());
}
