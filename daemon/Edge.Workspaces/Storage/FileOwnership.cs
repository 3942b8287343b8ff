using System.Globalization;
using Edge.Workspaces.Definitions;
using Edge.Platform;

namespace Edge.Workspaces.Storage;

/// <summary>The owner and group a workspace's files and directories are given, resolved to ids once per definition.</summary>
internal sealed record FileOwnership(uint? UserId, uint? GroupId)
{
    /// <exception cref="WorkspaceDefinitionException">The user or group does not exist on this host.</exception>
    public static FileOwnership Resolve(WorkspaceDefinition definition) => new(
        Lookup(definition.Owner, UnixAccounts.FindUserId, $"workspace {definition.Name}: owner", "user"),
        Lookup(definition.Group, UnixAccounts.FindGroupId, $"workspace {definition.Name}: group", "group"));

    public void Apply(string path) => FileOwner.Set(path, UserId, GroupId);

    private static uint? Lookup(string? name, Func<string, uint?> resolve, string field, string kind)
    {
        if (name is null)
        {
            return null;
        }
        if (uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }
        return resolve(name) ?? throw new WorkspaceDefinitionException($"{field}: there is no {kind} named {name} on this host.");
    }
}
