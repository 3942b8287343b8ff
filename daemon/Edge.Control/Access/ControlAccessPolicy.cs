using System.Collections.Frozen;
using System.Globalization;
using Edge.Platform;

namespace Edge.Control.Access;

/// <summary>
/// The configured grants resolved to numeric ids once, at start (so a renamed account does not silently change who is
/// admin while the daemon runs), and the grants of a caller from its peer credentials.
/// </summary>
public sealed class ControlAccessPolicy
{
    private static readonly FrozenDictionary<string, ControlGrants> GrantNames = new Dictionary<string, ControlGrants>
    {
        ["admin"] = ControlGrants.Admin,
        ["data-manager"] = ControlGrants.DataManager,
        ["auditor"] = ControlGrants.Auditor,
        ["reidentify"] = ControlGrants.Reidentify,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<uint, ControlGrants> _users;
    private readonly FrozenDictionary<uint, ControlGrants> _groups;

    public ControlAccessPolicy(IReadOnlyDictionary<uint, ControlGrants> users, IReadOnlyDictionary<uint, ControlGrants> groups)
    {
        _users = users.ToFrozenDictionary();
        _groups = groups.ToFrozenDictionary();
    }

    /// <summary>
    /// Resolves names with the system's account database (NSS). An unknown account or grant name is a configuration
    /// error, refused at start rather than ignored.
    /// </summary>
    public static ControlAccessPolicy Resolve(ControlAccessOptions options)
    {
        var users = Resolve(options.Users, "user", UnixAccounts.FindUserId);
        var groups = Resolve(options.Groups, "group", UnixAccounts.FindGroupId);
        return new ControlAccessPolicy(users, groups);
    }

    /// <summary>The union of the grants of the caller's uid, primary gid and supplementary groups.</summary>
    public ControlGrants GrantsOf(PeerCredentials peer)
    {
        var grants = _users.GetValueOrDefault(peer.UserId) | _groups.GetValueOrDefault(peer.GroupId);
        foreach (var gid in peer.SupplementaryGroups)
        {
            grants |= _groups.GetValueOrDefault(gid);
        }
        return grants;
    }

    private static Dictionary<uint, ControlGrants> Resolve(IReadOnlyDictionary<string, IReadOnlyList<string>> entries,
        string kind, Func<string, uint?> lookUp)
    {
        var resolved = new Dictionary<uint, ControlGrants>();
        foreach (var (name, grantNames) in entries)
        {
            var id = uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric)
                ? numeric
                : lookUp(name) ?? throw new ControlException($"Control access: there is no {kind} named '{name}'.");
            var grants = ControlGrants.None;
            foreach (var grantName in grantNames)
            {
                grants |= GrantNames.TryGetValue(grantName, out var grant)
                    ? grant
                    : throw new ControlException(
                        $"Control access: unknown grant '{grantName}' for {kind} '{name}' (expected {string.Join(", ", GrantNames.Keys.Order(StringComparer.Ordinal))}).");
            }
            // Two names may resolve to one id (a name and its number): their grants add up.
            resolved[id] = resolved.GetValueOrDefault(id) | grants;
        }
        return resolved;
    }
}
