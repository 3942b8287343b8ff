using Edge.Control.Access;
using Edge.Control.Methods;
using Edge.Control.V1;

namespace Edge.Control.Services;

/// <summary>System.WhoAmI: the caller as the transport sees it, so an administrator can tell why a call is refused.</summary>
public static class WhoAmI
{
    public const string Path = "/edge.control.v1.System/WhoAmI";

    public static ControlMethodRegistry MapWhoAmI(this ControlMethodRegistry registry) =>
        registry.MapUnary<WhoAmIRequest, WhoAmIResponse>(Path, HandleAsync);

    public static Task<WhoAmIResponse> HandleAsync(WhoAmIRequest request, ControlCallContext context)
    {
        var response = new WhoAmIResponse
        {
            Uid = context.Peer.UserId,
            Gid = context.Peer.GroupId,
            Pid = context.Peer.ProcessId,
            MayReidentify = context.Grants.HasFlag(ControlGrants.Reidentify),
        };
        response.Groups.Add(context.Peer.SupplementaryGroups);
        if (context.Grants.HasFlag(ControlGrants.Admin))
        {
            response.Roles.Add(Role.Admin);
        }
        if (context.Grants.HasFlag(ControlGrants.DataManager))
        {
            response.Roles.Add(Role.DataManager);
        }
        if (context.Grants.HasFlag(ControlGrants.Auditor))
        {
            response.Roles.Add(Role.Auditor);
        }
        return Task.FromResult(response);
    }
}
