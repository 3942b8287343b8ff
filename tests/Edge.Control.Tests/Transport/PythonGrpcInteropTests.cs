using Edge.Control.Access;
using Edge.Control.Tests.Support;
using Edge.Control.V1;

namespace Edge.Control.Tests.Transport;

/// <summary>Wire compatibility with a gRPC implementation that is not ours: Debian's python3-grpcio.</summary>
public class PythonGrpcInteropTests
{
    [SkippableFact]
    public async Task Given_python_grpcio_When_it_calls_unary_and_streaming_methods_Then_the_answers_parse_as_the_contract_messages()
    {
        PythonGrpc.Require();
        await using var server = await TestControlServer.StartAsync(ControlGrants.DataManager);

        var results = PythonGrpc.Run(server.SocketPath,
            new PythonGrpc.Call(TestHandlers.Health, new HealthRequest()),
            new PythonGrpc.Call(TestHandlers.ListWorkspaces, new ListWorkspacesRequest()),
            new PythonGrpc.Call(TestHandlers.WatchIngest, new WatchIngestRequest { Workspace = "lung-ct" }, Streaming: true),
            new PythonGrpc.Call(Edge.Control.Services.WhoAmI.Path, new WhoAmIRequest()));

        results.Should().OnlyContain(r => r.Code == "OK");
        HealthResponse.Parser.ParseFrom(results[0].Responses.Single()).Status.Should().Be(HealthStatus.Serving);
        ListWorkspacesResponse.Parser.ParseFrom(results[1].Responses.Single()).Workspaces.Single().Workspace.AeTitle.Should().Be("EDGE");
        results[2].Responses.Select(b => IngestEvent.Parser.ParseFrom(b).AssociationOpened.Id)
            .Should().Equal(1UL, 2UL, 3UL, 4UL, 5UL);
        var me = WhoAmIResponse.Parser.ParseFrom(results[3].Responses.Single());
        me.Uid.Should().Be(CurrentProcess.UserId);
        me.Pid.Should().NotBe(Environment.ProcessId, "the caller is the Python process");
    }

    [SkippableFact]
    public async Task Given_python_grpcio_When_calls_fail_Then_it_reads_each_status_code_and_the_decoded_message()
    {
        PythonGrpc.Require();
        await using var server = await TestControlServer.StartAsync(ControlGrants.Auditor, maxReceiveMessageSize: 1024);

        var results = PythonGrpc.Run(server.SocketPath,
            new PythonGrpc.Call(TestHandlers.CreateWorkspace, new CreateWorkspaceRequest { Name = TestHandlers.TakenName }),
            new PythonGrpc.Call(TestHandlers.QueryAudit, new QueryAuditRequest { Kind = new string('k', 4096) }),
            new PythonGrpc.Call(TestHandlers.WatchIngest, new WatchIngestRequest { Workspace = TestHandlers.FailingWatch }, Streaming: true),
            new PythonGrpc.Call(TestHandlers.QueryAudit, new QueryAuditRequest()));

        // An auditor may not create workspaces: refused before the handler could answer ALREADY_EXISTS.
        results[0].Code.Should().Be("PERMISSION_DENIED");
        results[1].Code.Should().Be("RESOURCE_EXHAUSTED");
        results[2].Code.Should().Be("PERMISSION_DENIED");
        results[3].Code.Should().Be("OK");
    }

    [SkippableFact]
    public async Task Given_python_grpcio_When_a_handler_fails_or_is_too_slow_Then_the_status_message_and_deadline_are_honoured()
    {
        PythonGrpc.Require();
        await using var server = await TestControlServer.StartAsync(ControlGrants.DataManager);

        var results = PythonGrpc.Run(server.SocketPath,
            new PythonGrpc.Call(TestHandlers.CreateWorkspace, new CreateWorkspaceRequest { Name = TestHandlers.TakenName }),
            new PythonGrpc.Call(TestHandlers.WatchIngest, new WatchIngestRequest { Workspace = TestHandlers.FailingWatch }, Streaming: true),
            new PythonGrpc.Call(TestHandlers.GetIngestStatus, new GetIngestStatusRequest(), TimeoutSeconds: 2));

        results[0].Should().BeEquivalentTo(new { Code = "ALREADY_EXISTS", Details = TestHandlers.TakenMessage });
        results[1].Should().BeEquivalentTo(new { Code = "ABORTED", Details = "The watch was stopped." });
        results[1].Responses.Should().HaveCount(2);
        results[2].Code.Should().Be("DEADLINE_EXCEEDED");
        await server.Handlers.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private const uint Nobody = 65534;

    [SkippableFact]
    public async Task Given_a_caller_of_another_uid_outside_the_socket_group_When_it_connects_Then_the_0660_socket_refuses_it()
    {
        PythonGrpc.Require();
        Skip.IfNot(CurrentProcess.IsRoot, "Taking another uid needs root.");
        await using var server = await TestControlServer.StartAsync(ControlGrants.Admin);

        var results = PythonGrpc.Run(server.SocketPath, new PythonGrpc.Identity(Nobody, Nobody, []),
            new PythonGrpc.Call(TestHandlers.Health, new HealthRequest()));

        results.Single().Code.Should().Be("UNAVAILABLE");
        server.Audit.Records.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Given_another_uid_in_the_socket_group_with_a_grant_on_its_100th_group_When_it_calls_Then_the_server_sees_its_own_credentials()
    {
        PythonGrpc.Require();
        Skip.IfNot(CurrentProcess.IsRoot, "Taking another uid needs root.");
        Skip.If(Edge.Platform.UnixAccounts.FindGroupId("nogroup") != Nobody, "This system has no group 'nogroup' (65534).");
        // More supplementary groups than the first SO_PEERGROUPS buffer holds; the grant is on the last one.
        var groups = Enumerable.Range(0, 100).Select(i => (uint)(70_000 + i)).ToList();
        var policy = new ControlAccessPolicy(
            new Dictionary<uint, ControlGrants> { [Nobody] = ControlGrants.Auditor },
            new Dictionary<uint, ControlGrants> { [groups[^1]] = ControlGrants.Reidentify });
        await using var server = await TestControlServer.StartAsync(policy, socketGroup: "nogroup");

        var results = PythonGrpc.Run(server.SocketPath, new PythonGrpc.Identity(Nobody, Nobody, groups),
            new PythonGrpc.Call(Edge.Control.Services.WhoAmI.Path, new WhoAmIRequest()),
            new PythonGrpc.Call(TestHandlers.QueryAudit, new QueryAuditRequest()),
            new PythonGrpc.Call(TestHandlers.CreateWorkspace, new CreateWorkspaceRequest { Name = "lung-ct" }));

        var me = WhoAmIResponse.Parser.ParseFrom(results[0].Responses.Single());
        me.Uid.Should().Be(Nobody);
        me.Gid.Should().Be(Nobody);
        me.Groups.Should().BeEquivalentTo(groups);
        me.Roles.Should().Equal(Role.Auditor);
        me.MayReidentify.Should().BeTrue();
        results[1].Code.Should().Be("OK");
        results[2].Code.Should().Be("PERMISSION_DENIED");
        server.Audit.Records.Should().Contain(r => r.Method == TestHandlers.CreateWorkspace && r.Refused && r.Peer.UserId == Nobody);
    }
}
