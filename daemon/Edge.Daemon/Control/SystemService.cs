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
using Edge.Ledger.Audit;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Daemon.Control;

/// <summary>edge.control.v1.System: health of the daemon's parts, versions, the caller, the configuration in effect.</summary>
internal sealed class SystemService(EdgeRuntime runtime, RunSettings? settings)
{
    private const string Service = "/edge.control.v1.System/";

    public static void Map(ControlMethodRegistry registry, EdgeRuntime runtime, RunSettings? settings)
    {
        var service = new SystemService(runtime, settings);
        registry
            .MapWhoAmI()
            .MapUnary<HealthRequest, HealthResponse>(Service + "Health", (_, _) => Task.FromResult(service.Health()))
            .MapUnary<GetVersionRequest, VersionInfo>(Service + "GetVersion", (_, _) => Task.FromResult(Version()))
            .MapUnary<GetConfigurationRequest, GetConfigurationResponse>(Service + "GetConfiguration", (_, _) => Task.FromResult(service.Configuration()));
    }

    public HealthResponse Health()
    {
        var response = new HealthResponse { StartedAt = Timestamp.FromDateTimeOffset(runtime.Monitor.StartedAt) };
        // The listener is started before the control socket and stopped after it: while this answers, it serves.
        response.Components.Add(new ComponentHealth { Name = "dicom-listener", Status = HealthStatus.Serving });
        response.Components.Add(Ledger());
        response.Components.Add(Storage());
        response.Status = response.Components.Max(c => c.Status);
        return response;
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
