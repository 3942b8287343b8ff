using Edge.Control.Methods;
using Edge.Control.Services;
using Edge.Control.V1;
using Edge.Control.Wire;

namespace Edge.Control.Tests.Support;

/// <summary>
/// A test service on real contract methods, registered through the same registry the daemon uses. Each method plays
/// one part: echo, fail, stream, block until cancelled.
/// </summary>
internal sealed class TestHandlers
{
    public const string Health = "/edge.control.v1.System/Health";
    public const string GetVersion = "/edge.control.v1.System/GetVersion";
    public const string CreateWorkspace = "/edge.control.v1.Workspaces/CreateWorkspace";
    public const string GetIngestStatus = "/edge.control.v1.Ingest/GetIngestStatus";
    public const string WatchIngest = "/edge.control.v1.Ingest/WatchIngest";
    public const string ReidentifyPatient = "/edge.control.v1.Ledger/ReidentifyPatient";
    public const string QueryAudit = "/edge.control.v1.Ledger/QueryAudit";
    public const string ListWorkspaces = "/edge.control.v1.Workspaces/ListWorkspaces";

    /// <summary>CreateWorkspace with this name fails with ALREADY_EXISTS and <see cref="TakenMessage"/>.</summary>
    public const string TakenName = "taken";

    /// <summary>Non-ASCII and '%' to exercise grpc-message percent-encoding.</summary>
    public const string TakenMessage = "Workspace « taken » exists — 100% sure, 已存在";

    /// <summary>CreateWorkspace with this name throws an exception the registry maps to NOT_FOUND.</summary>
    public const string MappedName = "mapped";

    /// <summary>CreateWorkspace with this name throws an unexpected exception whose message must not reach the caller.</summary>
    public const string CrashName = "crash";

    public const string CrashSecret = "PATIENT^SECRET";

    /// <summary>WatchIngest for this workspace fails with ABORTED after two events.</summary>
    public const string FailingWatch = "fail-after-2";

    /// <summary>WatchIngest for this workspace sends one event then waits until cancelled.</summary>
    public const string EndlessWatch = "endless";

    public const int WatchEvents = 5;

    private int _createWorkspaceCalls;

    /// <summary>Set when a blocking call (GetIngestStatus, endless WatchIngest) has started.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a blocking call's cancellation token fired.</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int CreateWorkspaceCalls => Volatile.Read(ref _createWorkspaceCalls);

    /// <summary>Answer of GetVersion; a test makes it large to exceed the client's message limit.</summary>
    public string Version { get; set; } = "0.1.0-test";

    public ControlMethodRegistry Register(ControlMethodRegistry registry) => registry
        .MapWhoAmI()
        .MapUnary<HealthRequest, HealthResponse>(Health, (_, _) =>
            Task.FromResult(new HealthResponse { Status = HealthStatus.Serving }))
        .MapUnary<GetVersionRequest, VersionInfo>(GetVersion, (_, _) => Task.FromResult(new VersionInfo { Version = Version }))
        .MapUnary<CreateWorkspaceRequest, Workspace>(CreateWorkspace, CreateWorkspaceAsync)
        .MapUnary<ListWorkspacesRequest, ListWorkspacesResponse>(ListWorkspaces, (_, _) =>
            Task.FromResult(new ListWorkspacesResponse
            {
                Workspaces = { new WorkspaceDetails { Workspace = new Workspace { Name = "default", AeTitle = "EDGE" } } },
            }))
        .MapUnary<GetIngestStatusRequest, IngestStatus>(GetIngestStatus, BlockAsync)
        .MapServerStreaming<WatchIngestRequest, IngestEvent>(WatchIngest, WatchAsync)
        .MapUnary<ReidentifyPatientRequest, ReidentifyPatientResponse>(ReidentifyPatient, (request, _) =>
            Task.FromResult(new ReidentifyPatientResponse { Found = true, Patient = new ReidentifiedPatient { Pseudonym = request.Pseudonym } }))
        .MapUnary<QueryAuditRequest, QueryAuditResponse>(QueryAudit, (_, _) => Task.FromResult(new QueryAuditResponse()))
        .MapExceptions(e => e is KeyNotFoundException ? new ControlRpcException(StatusCode.NotFound, "No such workspace.") : null);

    private Task<Workspace> CreateWorkspaceAsync(CreateWorkspaceRequest request, ControlCallContext context)
    {
        Interlocked.Increment(ref _createWorkspaceCalls);
        return request.Name switch
        {
            TakenName => throw new ControlRpcException(StatusCode.AlreadyExists, TakenMessage),
            MappedName => throw new KeyNotFoundException(),
            CrashName => throw new InvalidOperationException(CrashSecret),
            _ => Task.FromResult(new Workspace
            {
                Name = request.Name,
                AeTitle = request.AeTitle,
                Description = request.Description,
                State = WorkspaceState.Active,
            }),
        };
    }

    private async Task<IngestStatus> BlockAsync(GetIngestStatusRequest request, ControlCallContext context)
    {
        await WaitForCancellationAsync(context.CancellationToken);
        return new IngestStatus();
    }

    private async Task WatchAsync(WatchIngestRequest request, IControlStreamWriter<IngestEvent> responses, ControlCallContext context)
    {
        for (var i = 1; i <= WatchEvents; i++)
        {
            if (request.Workspace == FailingWatch && i == 3)
            {
                throw new ControlRpcException(StatusCode.Aborted, "The watch was stopped.");
            }
            await responses.WriteAsync(new IngestEvent { AssociationOpened = new Association { Id = (ulong)i, Workspace = request.Workspace } });
            if (request.Workspace == EndlessWatch)
            {
                await WaitForCancellationAsync(context.CancellationToken);
            }
        }
    }

    private async Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => Cancelled.TrySetResult());
        Started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
