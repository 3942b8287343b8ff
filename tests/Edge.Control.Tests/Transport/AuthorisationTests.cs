using Edge.Cli.Transport;
using Edge.Control.Access;
using Edge.Control.Tests.Support;
using Edge.Control.V1;
using Edge.Control.Wire;

namespace Edge.Control.Tests.Transport;

public class AuthorisationTests
{
    [Fact]
    public async Task Given_a_caller_whose_uid_is_only_auditor_When_it_creates_a_workspace_Then_PERMISSION_DENIED_before_the_handler_and_the_refusal_is_audited()
    {
        await using var server = await TestControlServer.StartAsync(ControlGrants.Auditor);

        var call = () => server.Channel.UnaryAsync<CreateWorkspaceRequest, Workspace>(TestHandlers.CreateWorkspace,
            new CreateWorkspaceRequest { Name = "lung-ct" });

        var failure = (await call.Should().ThrowAsync<RpcException>()).Which;
        failure.StatusCode.Should().Be(StatusCode.PermissionDenied);
        failure.Detail.Should().Contain($"uid {CurrentProcess.UserId}");
        server.Handlers.CreateWorkspaceCalls.Should().Be(0);
        var record = server.Audit.Records.Should().ContainSingle().Which;
        record.Should().BeEquivalentTo(new
        {
            Method = TestHandlers.CreateWorkspace,
            Outcome = StatusCode.PermissionDenied,
            Refused = true,
            Grants = ControlGrants.Auditor,
        });
        record.Peer.UserId.Should().Be(CurrentProcess.UserId);
    }

    [Fact]
    public async Task Given_an_auditor_When_it_queries_the_audit_trail_Then_the_call_succeeds_and_is_audited_as_not_refused()
    {
        await using var server = await TestControlServer.StartAsync(ControlGrants.Auditor);

        await server.Channel.UnaryAsync<QueryAuditRequest, QueryAuditResponse>(TestHandlers.QueryAudit, new QueryAuditRequest());

        server.Audit.Records.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Method = TestHandlers.QueryAudit, Outcome = StatusCode.OK, Refused = false,
        });
    }

    [Theory]
    [InlineData(ControlGrants.DataManager)]
    [InlineData(ControlGrants.Admin)]
    [InlineData(ControlGrants.Reidentify)]
    public async Task Given_a_caller_without_both_a_role_and_reidentify_When_it_reidentifies_Then_PERMISSION_DENIED(ControlGrants grants)
    {
        await using var server = await TestControlServer.StartAsync(grants);

        var call = () => server.Channel.UnaryAsync<ReidentifyPatientRequest, ReidentifyPatientResponse>(
            TestHandlers.ReidentifyPatient, new ReidentifyPatientRequest { Workspace = "w", Pseudonym = "P1", Reason = "audit" });

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task Given_a_data_manager_granted_reidentify_When_it_reidentifies_Then_the_call_succeeds()
    {
        await using var server = await TestControlServer.StartAsync(ControlGrants.DataManager | ControlGrants.Reidentify);

        var answer = await server.Channel.UnaryAsync<ReidentifyPatientRequest, ReidentifyPatientResponse>(
            TestHandlers.ReidentifyPatient, new ReidentifyPatientRequest { Workspace = "w", Pseudonym = "P1", Reason = "audit" });

        answer.Patient.Pseudonym.Should().Be("P1");
    }

    [Fact]
    public async Task Given_a_caller_with_no_grants_When_it_asks_for_health_Then_any_peer_may()
    {
        await using var server = await TestControlServer.StartAsync(ControlGrants.None);

        var health = await server.Channel.UnaryAsync<HealthRequest, HealthResponse>(TestHandlers.Health, new HealthRequest());

        health.Status.Should().Be(HealthStatus.Serving);
    }

    [Fact]
    public async Task Given_grants_on_the_callers_primary_group_When_it_calls_Then_the_group_grants_apply()
    {
        var policy = new ControlAccessPolicy(new Dictionary<uint, ControlGrants>(),
            new Dictionary<uint, ControlGrants> { [CurrentProcess.GroupId] = ControlGrants.DataManager });
        await using var server = await TestControlServer.StartAsync(policy);

        var workspace = await server.Channel.UnaryAsync<CreateWorkspaceRequest, Workspace>(TestHandlers.CreateWorkspace,
            new CreateWorkspaceRequest { Name = "by-group" });

        workspace.Name.Should().Be("by-group");
    }

    [Fact]
    public async Task Given_a_connected_caller_When_it_asks_who_it_is_Then_the_kernel_credentials_of_this_process_come_back()
    {
        await using var server = await TestControlServer.StartAsync(ControlGrants.DataManager);

        var me = await server.Channel.UnaryAsync<WhoAmIRequest, WhoAmIResponse>(Edge.Control.Services.WhoAmI.Path, new WhoAmIRequest());

        me.Uid.Should().Be(CurrentProcess.UserId);
        me.Gid.Should().Be(CurrentProcess.GroupId);
        me.Pid.Should().Be(Environment.ProcessId);
        me.Groups.Should().BeEquivalentTo(CurrentProcess.SupplementaryGroups);
        me.Roles.Should().Equal(Role.DataManager);
        me.MayReidentify.Should().BeFalse();
    }

    [Fact]
    public async Task Given_an_audit_sink_that_fails_When_a_call_would_succeed_Then_INTERNAL_and_no_answer()
    {
        await using var server = await TestControlServer.StartAsync();
        server.Audit.Fail = true;

        var call = () => server.Channel.UnaryAsync<CreateWorkspaceRequest, Workspace>(TestHandlers.CreateWorkspace,
            new CreateWorkspaceRequest { Name = "unaudited" });

        var failure = (await call.Should().ThrowAsync<RpcException>()).Which;
        failure.StatusCode.Should().Be(StatusCode.Internal);
        failure.Detail.Should().Contain("audited");
    }
}
