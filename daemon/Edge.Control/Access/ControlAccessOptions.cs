namespace Edge.Control.Access;

/// <summary>
/// Who may do what on the control socket, as configured: user names or numeric uids, and group names or numeric gids,
/// each mapped to grant names: "admin", "data-manager", "auditor" and "reidentify". A caller holds the grants of its
/// uid, its primary gid and its supplementary groups. Nobody holds anything by default, not even root.
/// </summary>
public sealed class ControlAccessOptions
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Users { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Groups { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();
}
