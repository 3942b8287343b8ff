using System.Reflection;
using System.Runtime.InteropServices;
using Edge.Control.Methods;
using Edge.Control.Services;
using Edge.Control.V1;
using Edge.Daemon.Composition;
using Edge.Daemon.Hosting;
using Edge.Deid.Engine;
using Edge.Deid.Rules;
using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Ledger.Audit;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Daemon.Control;

/// <summary>edge.control.v1.System: health of the daemon's parts, versions, the caller, the configuration in effect.</summary>
internal sealed class SystemService(EdgeRuntime runtime, RunSettings? settings, Func<DicomServerStatus>? listener)
{
    private const string Service = "/edge.control.v1.System/";

    /// <summary>How long a failure to accept a connection keeps the listener degraded.</summary>
    private static readonly TimeSpan RecentAcceptFailure = TimeSpan.FromMinutes(5);

    public static void Map(ControlMethodRegistry registry, EdgeRuntime runtime, RunSettings? settings, Func<DicomServerStatus>? listener)
    {
        var service = new SystemService(runtime, settings, listener);
        registry
            .MapWhoAmI()
            .MapUnary<HealthRequest, HealthResponse>(Service + "Health", (_, _) => Task.FromResult(service.Health()))
            .MapUnary<GetVersionRequest, VersionInfo>(Service + "GetVersion", (_, _) => Task.FromResult(Version()))
            .MapUnary<GetConfigurationRequest, GetConfigurationResponse>(Service + "GetConfiguration", (_, _) => Task.FromResult(service.Configuration()));
    }

    public HealthResponse Health()
    {
        var response = new HealthResponse { StartedAt = Timestamp.FromDateTimeOffset(runtime.Monitor.StartedAt) };
        response.Components.Add(Listener());
        response.Components.Add(Ledger());
        response.Components.Add(Storage());
        response.Status = response.Components.Max(c => c.Status);
        return response;
    }

    private ComponentHealth Listener()
    {
        const string name = "dicom-listener";
        if (listener?.Invoke() is not { } s)
        {
            // A control plane hosted without a listener (in-process tests): nothing to report on.
            return new ComponentHealth { Name = name, Status = HealthStatus.Serving };
        }
        if (!s.Accepting)
        {
            return new ComponentHealth { Name = name, Status = HealthStatus.NotServing, Detail = "not accepting connections" };
        }
        var where = $"listening on {s.EndPoint}";
        if (s.LastAcceptFailure is { } failure && DateTimeOffset.UtcNow - failure.At < RecentAcceptFailure)
        {
            return new ComponentHealth
            {
                Name = name,
                Status = HealthStatus.Degraded,
                Detail = $"{where}; accepting a connection failed at {failure.At:yyyy-MM-dd HH:mm:ss} UTC: {failure.Problem}",
            };
        }
        return s.Associations >= s.MaxAssociations
            ? new ComponentHealth
            {
                Name = name,
                Status = HealthStatus.Degraded,
                Detail = $"{where}; all {s.MaxAssociations} associations in use: new ones are rejected (local limit exceeded)",
            }
            : new ComponentHealth { Name = name, Status = HealthStatus.Serving, Detail = $"{where}; {s.Associations} of {s.MaxAssociations} associations open" };
    }

    private ComponentHealth Ledger()
    {
        try
        {
            runtime.Ledger.ReadAudit(new AuditQuery(MaxCount: 1));
            return new ComponentHealth { Name = "ledger", Status = HealthStatus.Serving };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The type names the failure (a key, a disk); the message might quote the database.
            return new ComponentHealth { Name = "ledger", Status = HealthStatus.NotServing, Detail = $"the ledger cannot be read ({ex.GetType().Name})" };
        }
    }

    private ComponentHealth Storage()
    {
        var reserveMb = runtime.Configuration.Storage.FreeSpaceReserveMb;
        var freeMb = new DriveInfo(runtime.Paths.Root).AvailableFreeSpace / (1024 * 1024);
        return freeMb < reserveMb
            ? new ComponentHealth
            {
                Name = "workspaces",
                Status = HealthStatus.Degraded,
                Detail = $"{freeMb} MiB free, below the reserve of {reserveMb} MiB: C-STORE answers out of resources (0xA700)",
            }
            : new ComponentHealth { Name = "workspaces", Status = HealthStatus.Serving };
    }

    private static VersionInfo Version()
    {
        var informational = typeof(SystemService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return new VersionInfo
        {
            Version = DeidEngine.EdgeVersion,
            Commit = plus < 0 ? "" : informational[(plus + 1)..],
            Runtime = RuntimeInformation.FrameworkDescription,
            ImplementationClassUid = DicomFile.ImplementationClassUid,
            ImplementationVersionName = DicomFile.ImplementationVersionName,
            DeidentificationEdition = ConfidentialityProfileTables.Latest.Edition,
        };
    }

    private GetConfigurationResponse Configuration()
    {
        var response = new GetConfigurationResponse
        {
            SourcePath = settings is { ConfigurationSource: var source } && Path.IsPathFullyQualified(source) ? source : "",
        };
        response.Entries.Add(ConfigurationEntries.Of(runtime, settings));
        return response;
    }
}
