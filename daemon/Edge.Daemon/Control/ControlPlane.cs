using Edge.Control.Access;
using Edge.Control.Methods;
using Edge.Control.Services;
using Edge.Control.V1;
using Edge.Daemon.Composition;
using Edge.Daemon.Configuration;
using Edge.Deid.Rules;
using Edge.Dicom.Data;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Daemon.Control;

/// <summary>The control plane's methods, mapped onto the running daemon.</summary>
internal static class ControlPlane
{
    public static ControlMethodRegistry Build(EdgeRuntime runtime)
    {
        var registry = new ControlMethodRegistry().MapWhoAmI();
        registry.MapUnary<HealthRequest, HealthResponse>("/edge.control.v1.System/Health", (_, _) => Task.FromResult(Health(runtime)));
        registry.MapUnary<GetVersionRequest, VersionInfo>("/edge.control.v1.System/GetVersion", (_, _) => Task.FromResult(new VersionInfo
        {
            Version = Deid.Engine.DeidEngine.EdgeVersion,
            Runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ImplementationClassUid = DicomFile.ImplementationClassUid,
            ImplementationVersionName = DicomFile.ImplementationVersionName,
            DeidentificationEdition = ConfidentialityProfileTables.Latest.Edition,
        }));
        return registry;
    }

    private static HealthResponse Health(EdgeRuntime runtime)
    {
        var response = new HealthResponse
        {
            Status = HealthStatus.Serving,
            StartedAt = Timestamp.FromDateTimeOffset(runtime.Monitor.StartedAt),
        };
        response.Components.Add(new ComponentHealth { Name = "dicom-listener", Status = HealthStatus.Serving });
        response.Components.Add(new ComponentHealth { Name = "ledger", Status = HealthStatus.Serving });
        response.Components.Add(new ComponentHealth { Name = "workspaces", Status = HealthStatus.Serving });
        return response;
    }

    /// <summary>The configuration's role grants in the form the access policy reads.</summary>
    public static ControlAccessOptions Access(ControlSection control)
    {
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var grant in control.Roles)
        {
            var names = grant.Reidentify ? new[] { grant.Role, "reidentify" } : [grant.Role];
            foreach (var uid in grant.Uids)
            {
                Add(users, uid.ToString(System.Globalization.CultureInfo.InvariantCulture), names);
            }
            foreach (var gid in grant.Gids)
            {
                Add(groups, gid.ToString(System.Globalization.CultureInfo.InvariantCulture), names);
            }
        }
        return new ControlAccessOptions
        {
            Users = users.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value),
            Groups = groups.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value),
        };

        static void Add(Dictionary<string, List<string>> map, string key, IEnumerable<string> names)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }
            list.AddRange(names.Where(n => !list.Contains(n)));
        }
    }
}
