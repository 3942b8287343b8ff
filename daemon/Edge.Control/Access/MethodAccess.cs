using Edge.Control.V1;
using Google.Protobuf.Reflection;

namespace Edge.Control.Access;

/// <summary>
/// Who may call one method, from the <c>(edge.control.v1.access)</c> option the contract declares on it: a method
/// without one is admin only, and reidentify is required on top of a role, never instead of one.
/// </summary>
public sealed record MethodAccess(ControlGrants Roles, bool NeedsReidentify, bool AnyPeer)
{
    public static MethodAccess AdminOnly { get; } = new(ControlGrants.Admin, false, false);

    public static MethodAccess Of(MethodDescriptor method)
    {
        var rule = ControlContract.AccessOf(method);
        if (rule is null)
        {
            return AdminOnly;
        }
        if (rule.AnyPeer && (rule.Reidentify || rule.Roles.Count > 0))
        {
            throw new ControlException($"{ControlContract.PathOf(method)}: an access rule with any_peer names no roles nor reidentify.");
        }
        var roles = ControlGrants.Admin;
        foreach (var role in rule.Roles)
        {
            roles |= role switch
            {
                Role.Admin => ControlGrants.Admin,
                Role.DataManager => ControlGrants.DataManager,
                Role.Auditor => ControlGrants.Auditor,
                _ => throw new ControlException($"{ControlContract.PathOf(method)}: access rule names an unknown role {role}."),
            };
        }
        return new MethodAccess(roles, rule.Reidentify, rule.AnyPeer);
    }

    /// <summary>Whether a caller holding <paramref name="grants"/> may call the method.</summary>
    public bool Allows(ControlGrants grants) =>
        AnyPeer || ((grants & Roles) != 0 && (!NeedsReidentify || grants.HasFlag(ControlGrants.Reidentify)));
}
