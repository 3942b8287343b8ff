using Edge.Daemon.Pull;
using Edge.Control.Methods;
using Edge.Control.Wire;
using Edge.Deid.Profiles;
using Edge.Ledger;
using Edge.Workspaces;

namespace Edge.Daemon.Control;

/// <summary>
/// The one place where our own exceptions become control-plane statuses. Their messages name workspaces, fields,
/// paths and AE titles, never patient data, so they go to the caller as they are. Anything not listed ends the call
/// with INTERNAL, its message kept out of the answer and the log.
/// </summary>
internal static class ControlErrors
{
    public static ControlRpcException? Map(Exception exception) => exception switch
    {
        UnknownWorkspaceException or LedgerUnknownWorkspaceException => new(StatusCode.NotFound, exception.Message),
        WorkspaceDefinitionException or ProfileException => new(StatusCode.InvalidArgument, exception.Message),
        WorkspacePurgedException => new(StatusCode.FailedPrecondition, exception.Message),
        WorkspaceFullException => new(StatusCode.ResourceExhausted, exception.Message),
        // No reason or requester given: the ledger refused it and audited the refusal.
        LedgerAccessException => new(StatusCode.InvalidArgument, exception.Message),
        LedgerKeyException or LedgerConflictException => null,
        LedgerException => new(StatusCode.FailedPrecondition, exception.Message),
        UnknownPullException => new(StatusCode.NotFound, exception.Message),
        PullRequestException => new(StatusCode.InvalidArgument, exception.Message),
        PullNotConfiguredException => new(StatusCode.FailedPrecondition, exception.Message),
        ArgumentException => new(StatusCode.InvalidArgument, exception.Message),
        _ => null,
    };

    public static ControlRpcException NotFound(string message) => new(StatusCode.NotFound, message);

    public static ControlRpcException AlreadyExists(string message) => new(StatusCode.AlreadyExists, message);

    public static ControlRpcException FailedPrecondition(string message) => new(StatusCode.FailedPrecondition, message);
}
