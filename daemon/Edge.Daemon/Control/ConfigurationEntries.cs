using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Edge.Control.V1;
using Edge.Daemon.Commands;
using Edge.Daemon.Composition;
using Edge.Daemon.Configuration;
using Edge.Daemon.Hosting;
using Edge.Workspaces.Definitions;

namespace Edge.Daemon.Control;

/// <summary>
/// The effective configuration as flat key/value entries ("dicom.port", "control.roles[0].uids[0]",
/// "workspaces.lung-ct.aeTitle"), every [Sensitive] value masked. Workspaces come from the registry, so those created
/// or changed through the control plane show as they are served, with the source "control".
/// </summary>
internal static class ConfigurationEntries
{
    public const string Mask = "********";

    private const string FromDefault = "default";
    private const string FromFile = "file";
    private const string FromCommandLine = "command-line";
    private const string FromControl = "control";

    public static IEnumerable<ConfigurationEntry> Of(EdgeRuntime runtime, RunSettings? settings)
    {
        var configuration = runtime.Configuration;
        var defaults = Flatten(new EdgeConfiguration())
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var entries = Flatten(configuration)
            .Where(e => e.Key != "stateDirectory" && !(settings is not null && e.Key == "control.socket")
                && !e.Key.StartsWith("workspaces", StringComparison.Ordinal))
            .Select(e => e with { Source = defaults.TryGetValue(e.Key, out var value) && value == e.Value && !e.Masked ? FromDefault : FromFile })
            .ToList();

        // The state directory in use; --state-dir overrides the file.
        var state = runtime.Paths.Root;
        entries.Add(new Setting("stateDirectory", state, false,
            configuration.StateDirectory is { } fromConfiguration && Path.GetFullPath(fromConfiguration) == state ? FromFile
            : configuration.StateDirectory is null && StateDirectory.Default == state ? FromDefault
            : FromCommandLine));
        if (settings is not null)
        {
            // The socket in use: the file's, --control-socket's, or the default beside the state or under systemd.
            var socket = Path.GetFullPath(settings.ControlSocket);
            entries.Add(new Setting("control.socket", socket, false,
                configuration.Control.Socket is { } fromFile && Path.GetFullPath(fromFile) == socket ? FromFile
                : configuration.Control.Socket is null && IsDefaultSocket(socket, state) ? FromDefault
                : FromCommandLine));
        }

        var configured = configuration.Workspaces
            .ToDictionary(w => w.Name, w => WorkspaceDefinitions.From(w, configuration.Storage), StringComparer.Ordinal);
        foreach (var definition in runtime.Workspaces.Registry.All)
        {
            var source = configured.TryGetValue(definition.Name, out var fromFile) && SameSettings(fromFile, definition) ? FromFile : FromControl;
            entries.AddRange(Flatten(Serialisable(definition), typeof(WorkspaceSettings), "workspaces." + definition.Name)
                .Select(e => e with { Source = source }));
        }
        return entries
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new ConfigurationEntry { Key = e.Key, Value = e.Value, Masked = e.Masked, Source = e.Source });
    }

    /// <summary>One leaf of the configuration; <see cref="Source"/> is filled in once known.</summary>
    private sealed record Setting(string Key, string Value, bool Masked, string Source = "");

    private static bool IsDefaultSocket(string socket, string state) =>
        socket == Path.Combine(state, "control.sock")
        || Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY")?.Split(':')[0] is { Length: > 0 } runtime && socket == Path.Combine(runtime, "control.sock");

    private static bool SameSettings(WorkspaceDefinition a, WorkspaceDefinition b) =>
        WorkspaceMessages.Settings(a).SequenceEqual(WorkspaceMessages.Settings(b));

    private static IEnumerable<Setting> Flatten(EdgeConfiguration configuration) =>
        Flatten(configuration, typeof(EdgeConfiguration), "");

    /// <summary>Walks sections (properties, camelCase as in the file) and lists (indexed); leaves become entries.</summary>
    private static IEnumerable<Setting> Flatten(object? value, Type type, string path, bool sensitive = false)
    {
        if (value is null)
        {
            yield break;
        }
        if (sensitive)
        {
            yield return new Setting(path, Mask, true);
            yield break;
        }
        if (value is IList list)
        {
            var itemType = type.IsGenericType ? type.GetGenericArguments()[0] : typeof(object);
            for (var i = 0; i < list.Count; i++)
            {
                foreach (var entry in Flatten(list[i], itemType, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]"))
                {
                    yield return entry;
                }
            }
            yield break;
        }
        var actual = Nullable.GetUnderlyingType(type) ?? type;
        if (actual.IsClass && actual != typeof(string))
        {
            foreach (var property in actual.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var key = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                var child = path.Length == 0 ? key : $"{path}.{key}";
                foreach (var entry in Flatten(property.GetValue(value), property.PropertyType, child,
                             property.GetCustomAttribute<SensitiveAttribute>() is not null))
                {
                    yield return entry;
                }
            }
            yield break;
        }
        // As the configuration file writes them: true/false, numbers in invariant culture.
        var text = value is bool flag ? (flag ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        yield return new Setting(path, text, false);
    }

    private static WorkspaceSettings Serialisable(WorkspaceDefinition d) => new(
        d.AeTitle,
        d.Profile,
        d.AllowedCallers.Select(c => new CallerSettings(c.AeTitle ?? "*", c.Host)).ToList(),
        d.ResearchNodes.Select(n => new NodeSettings(n.AeTitle, n.Host, n.Port, n.AllowFind, n.AllowGet, n.AllowMove,
            n.MoveDestinations.Select(m => new DestinationSettings(m.AeTitle, m.Host, m.Port)).ToList())).ToList(),
        d.RetainUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        d.QuotaBytes,
        d.Owner,
        d.Group,
        d.PurgedAt?.ToString("O", CultureInfo.InvariantCulture));

    // A workspace as its entries name it: the configuration file's keys, with what only the registry knows.
    private sealed record WorkspaceSettings(string AeTitle, string Profile, List<CallerSettings> AllowedCallers,
        List<NodeSettings> ResearchNodes, string? RetainUntil, long? QuotaBytes, string? Owner, string? Group, string? PurgedAt);

    private sealed record CallerSettings(string AeTitle, string? Host);

    private sealed record NodeSettings(string AeTitle, string? Host, int? Port, bool AllowFind, bool AllowGet, bool AllowMove,
        List<DestinationSettings> MoveDestinations);

    private sealed record DestinationSettings(string AeTitle, string Host, int Port);
}
