using Edge.Control.Access;
using Edge.Control.Methods;
using Edge.Daemon.Composition;
using Edge.Daemon.Configuration;
using Edge.Daemon.Hosting;
using Edge.Daemon.Pull;
using Edge.Dicom.Network;

namespace Edge.Daemon.Control;

/// <summary>
/// The control plane's methods, mapped onto the running daemon: System, Workspaces, Ingest, Quarantine (list, show,
/// retry, delete, preview, approve, reject), Ledger, and Pull when a pull engine runs. Who may call what is the contract's access option,
/// enforced by the transport before a handler runs.
/// </summary>
internal static class ControlPlane
{
    /// <param name="settings">
    /// What `edged run` was given, so that the effective configuration names its file and the command line's
    /// overrides; without it they read as the embedded default and the file.
    /// </param>
    /// <param name="pulls">The pull engine; without it Pull answers UNIMPLEMENTED.</param>
    /// <param name="listener">The DICOM listener's status, for Health; without it the listener is reported serving.</param>
    public static ControlMethodRegistry Build(EdgeRuntime runtime, RunSettings? settings = null, PullEngine? pulls = null,
        Func<DicomServerStatus>? listener = null)
    {
        var registry = new ControlMethodRegistry();
        if (pulls is not null)
        {
            PullService.Map(registry, pulls);
        }
        SystemService.Map(registry, runtime, settings, listener);
        WorkspaceService.Map(registry, runtime);
        IngestService.Map(registry, runtime.Monitor);
        QuarantineService.Map(registry, runtime);
        LedgerService.Map(registry, runtime);
        return registry.MapExceptions(ControlErrors.Map);
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
