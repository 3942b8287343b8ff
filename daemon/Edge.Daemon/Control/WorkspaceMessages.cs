using System.Globalization;
using Edge.Daemon.Configuration;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Storage;
using Google.Protobuf.WellKnownTypes;
using V1 = Edge.Control.V1;

namespace Edge.Daemon.Control;

/// <summary>Workspace definitions to and from the contract's messages, and the settings the audit trail names.</summary>
internal static class WorkspaceMessages
{
    /// <summary>The definition a create request asks for; files get the configured owner and group unless it names others.</summary>
    public static WorkspaceDefinition ToDefinition(V1.CreateWorkspaceRequest request, StorageSection storage) => new()
    {
        Name = request.Name,
        AeTitle = AeTitles.Normalise(request.AeTitle),
        Profile = request.Profile.Length == 0 ? WorkspaceDefinition.DefaultProfile : request.Profile,
        AllowedCallers = request.AllowedCallers.Select(ToCaller).ToList(),
        ResearchNodes = request.ResearchNodes.Select(ToNode).ToList(),
        RetainUntil = request.RetainUntil?.ToDateTimeOffset(),
        QuotaBytes = request.HasQuotaBytes ? ToQuota(request.QuotaBytes) : null,
        Owner = NullIfEmpty(request.Owner) ?? storage.FileOwner,
        Group = NullIfEmpty(request.Group) ?? storage.FileGroup,
    };

    public static AllowedCaller ToCaller(V1.AllowedCaller caller) =>
        new(NullIfEmpty(caller.AeTitle) is { } ae && ae != ResearchNode.AnyAeTitle ? ae : null, NullIfEmpty(caller.Host));

    public static ResearchNode ToNode(V1.ResearchNode node) => new()
    {
        AeTitle = node.AeTitle,
        Host = NullIfEmpty(node.Host),
        // A port beyond an int's range becomes negative, which validation refuses like any port above 65535.
        Port = node.Port == 0 ? null : unchecked((int)node.Port),
        AllowFind = node.AllowFind,
        AllowGet = node.AllowGet,
        AllowMove = node.AllowMove,
        MoveDestinations = node.MoveDestinations.Select(d => new MoveDestination(d.AeTitle, d.Host, unchecked((int)d.Port))).ToList(),
    };

    public static long ToQuota(ulong bytes) =>
        bytes <= long.MaxValue ? (long)bytes : throw new ArgumentException("quota_bytes is larger than any disk.", nameof(bytes));

    public static V1.Workspace ToMessage(WorkspaceDefinition definition, DateTimeOffset? createdAt, DateTimeOffset now)
    {
        var message = new V1.Workspace
        {
            Name = definition.Name,
            AeTitle = definition.AeTitle,
            Profile = definition.Profile,
            State = definition.IsPurged ? V1.WorkspaceState.Purged
                : definition.IsExpired(now) ? V1.WorkspaceState.Expired
                : V1.WorkspaceState.Active,
            Owner = definition.Owner ?? "",
            Group = definition.Group ?? "",
        };
        message.AllowedCallers.Add(definition.AllowedCallers.Select(c => new V1.AllowedCaller { AeTitle = c.AeTitle ?? "", Host = c.Host ?? "" }));
        message.ResearchNodes.Add(definition.ResearchNodes.Select(ToMessage));
        if (definition.RetainUntil is { } until)
        {
            message.RetainUntil = Timestamp.FromDateTimeOffset(until);
        }
        if (createdAt is { } created)
        {
            message.CreatedAt = Timestamp.FromDateTimeOffset(created);
        }
        if (definition.QuotaBytes is { } quota)
        {
            message.QuotaBytes = (ulong)quota;
        }
        if (definition.PurgedAt is { } purged)
        {
            message.PurgedAt = Timestamp.FromDateTimeOffset(purged);
        }
        return message;
    }

    public static V1.WorkspaceUsage ToMessage(WorkspaceStats stats, long quarantined) => new()
    {
        Patients = (ulong)stats.Patients,
        Studies = (ulong)stats.Studies,
        Series = (ulong)stats.Series,
        Instances = (ulong)stats.Instances,
        Bytes = (ulong)stats.Bytes,
        Quarantined = (ulong)quarantined,
    };

    private static V1.ResearchNode ToMessage(ResearchNode node)
    {
        var message = new V1.ResearchNode
        {
            AeTitle = node.AeTitle,
            Host = node.Host ?? "",
            Port = (uint)(node.Port ?? 0),
            AllowFind = node.AllowFind,
            AllowGet = node.AllowGet,
            AllowMove = node.AllowMove,
        };
        message.MoveDestinations.Add(node.MoveDestinations.Select(d => new V1.MoveDestination { AeTitle = d.AeTitle, Host = d.Host, Port = (uint)d.Port }));
        return message;
    }

    /// <summary>
    /// The settings of a definition as the audit trail records them, in a fixed order: AE titles, hosts, profile,
    /// dates and sizes are Edge's own configuration, never patient data.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Settings(WorkspaceDefinition definition) =>
    [
        new("aeTitle", definition.AeTitle),
        new("profile", definition.Profile),
        new("allowedCallers", string.Join(", ", definition.AllowedCallers.Select(c => $"{c.AeTitle ?? "*"}@{c.Host ?? "*"}"))),
        new("researchNodes", string.Join(", ", definition.ResearchNodes.Select(Describe))),
        new("retainUntil", definition.RetainUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""),
        new("quotaBytes", definition.QuotaBytes?.ToString(CultureInfo.InvariantCulture) ?? ""),
        new("owner", definition.Owner ?? ""),
        new("group", definition.Group ?? ""),
    ];

    /// <summary>The settings that differ between two versions of a definition (the new values).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Changes(WorkspaceDefinition before, WorkspaceDefinition after) =>
        Settings(after).Except(Settings(before)).ToList();

    private static string Describe(ResearchNode node)
    {
        var services = string.Join('+', new[] { node.AllowFind ? "find" : null, node.AllowGet ? "get" : null, node.AllowMove ? "move" : null }.OfType<string>());
        var port = node.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "";
        var destinations = node.MoveDestinations.Count == 0 ? ""
            : " → " + string.Join(' ', node.MoveDestinations.Select(d => $"{d.AeTitle}@{d.Host}:{d.Port.ToString(CultureInfo.InvariantCulture)}"));
        return $"{node.AeTitle}@{node.Host ?? "*"}{port} ({services}){destinations}";
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
