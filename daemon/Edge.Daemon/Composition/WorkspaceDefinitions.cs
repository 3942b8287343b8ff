using System.Globalization;
using Edge.Daemon.Configuration;
using Edge.Workspaces;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Storage;

namespace Edge.Daemon.Composition;

/// <summary>Turns the configuration's workspace sections into workspace definitions.</summary>
internal static class WorkspaceDefinitions
{
    public static WorkspaceDefinition From(WorkspaceSection w, StorageSection storage) => new WorkspaceDefinition
    {
        Name = w.Name,
        AeTitle = w.AeTitle.Trim(),
        Profile = w.Profile,
        AllowedCallers = w.AllowedCallers.Select(c => new AllowedCaller(c.AeTitle == "*" ? null : c.AeTitle, c.Host)).ToList(),
        ResearchNodes = w.ResearchNodes.Select(n =>
        {
            var destinations = n.MoveDestinations.Select(d => new MoveDestination(d.AeTitle, d.Host, d.Port)).ToList();
            // A node with a port of its own may move to itself.
            if (n.Port is { } port && n.Host is { } host && n.AeTitle != ResearchNode.AnyAeTitle && !destinations.Any(d => d.AeTitle == n.AeTitle))
            {
                destinations.Add(new MoveDestination(n.AeTitle, host, port));
            }
            return new ResearchNode
            {
                AeTitle = n.AeTitle,
                Host = n.Host,
                Port = n.Port,
                AllowMove = n.AllowMove ?? destinations.Count > 0,
                MoveDestinations = destinations,
            };
        }).ToList(),
        RetainUntil = w.RetainUntil is { } until
            ? new DateTimeOffset(DateOnly.ParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero)
            : null,
        QuotaBytes = w.QuotaGb is { } gb ? (long)(gb * 1024 * 1024 * 1024) : null,
        Owner = storage.FileOwner,
        Group = storage.FileGroup,
    };
}
