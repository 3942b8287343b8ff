using Edge.Cli.Transport;
using Edge.Control.Tests.Support;
using Edge.Control.V1;
using Edge.Control.Wire;

namespace Edge.Control.Tests.Transport;

public class UnaryCallTests
{
    [Fact]
    public async Task Given_a_running_server_When_edgectl_calls_a_unary_method_Then_the_handler_answer_arrives()
    {
        await using var server = await TestControlServer.StartAsync();

        var workspace = await server.Channel.UnaryAsync<CreateWorkspaceRequest, Workspace>(TestHandlers.CreateWorkspace,
            new CreateWorkspaceRequest { Name = "lung-ct", AeTitle = "EDGE_LUNG", Description = "Lung CT study" });

        workspace.Should().BeEquivalentTo(new Workspace
        {
            Name = "lung-ct", AeTitle = "EDGE_LUNG", Description = "Lung CT study", State = WorkspaceState.Active,
        });
    }

    [Fact]
    public async Task Given_a_handler_that_fails_with_a_status_When_called_Then_the_client_gets_its_code_and_exact_message()
    {
        await using var server = await TestControlServer.StartAsync();

        var call = () => server.Channel.UnaryAsync<CreateWorkspaceRequest, Workspace>(TestHandlers.CreateWorkspace,
            new CreateWorkspaceRequest { Name = TestHandlers.TakenName });

        var failure = (await call.Should().ThrowAsync<RpcException>()).Which;
        failure.StatusCode.Should().Be(StatusCode.AlreadyExists);
        failure.Detail.Should().Be(TestHandlers.TakenMessage);
    }

    [Fact]
    public async Task Given_an_exception_the_registry_maps_When_a_handler_throws_it_Then_the_mapped_status_is_sent()
    {
        await using var server = await TestControlServer.StartAsync();

        var call = () => server.Channel.UnaryAsync<CreateWorkspaceRequest, Workspace>(TestHandlers.CreateWorkspace,
            new CreateWorkspaceRequest { Name = TestHandlers.MappedName });

        var failure = (await call.Should().ThrowAsync<RpcException>()).Which;
        failure.StatusCode.Should().Be(StatusCode.NotFound);
        failure.Detail.Should().Be("No such workspace.");
    }

    [Fact]
    public async Task Given_an_unexpected_handler_exception_When_called_Then_INTERNAL_without_the_exception_message()
    {
        await using var server = await TestControlServer.StartAsync();

        var call = () => server.Channel.UnaryAsync<CreateWorkspaceRequest, Workspace>(TestHandlers.CreateWorkspace,
            new CreateWorkspaceRequest { Name = TestHandlers.CrashName });

        var failure = (await call.Should().ThrowAsync<RpcException>()).Which;
        failure.StatusCode.Should().Be(StatusCode.Internal);
        failure.Detail.Should().NotContain(TestHandlers.CrashSecret);
    }

    [Fact]
    public async Task Given_a_contract_method_without_a_handler_When_called_Then_UNIMPLEMENTED()
    {
        await using var server = await TestControlServer.StartAsync();

        var call = () => server.Channel.UnaryAsync<GetConfigurationRequest, GetConfigurationResponse>(
            "/edge.control.v1.System/GetConfiguration", new GetConfigurationRequest());

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unimplemented);
    }

    [Fact]
    public async Task Given_a_server_limit_of_1_KiB_When_a_larger_request_is_sent_Then_RESOURCE_EXHAUSTED_and_the_handler_does_not_run()
    {
        await using var server = await TestControlServer.StartAsync(maxReceiveMessageSize: 1024);

        var call = () => server.Channel.UnaryAsync<CreateWorkspaceRequest, Workspace>(TestHandlers.CreateWorkspace,
            new CreateWorkspaceRequest { Name = "big", Description = new string('x', 4096) });

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        server.Handlers.CreateWorkspaceCalls.Should().Be(0);
    }

    [Fact]
    public async Task Given_a_client_limit_When_the_answer_is_larger_Then_RESOURCE_EXHAUSTED()
    {
        await using var server = await TestControlServer.StartAsync();
        server.Handlers.Version = new string('9', 2000);
        using var channel = new ControlChannel(server.SocketPath, maxReceiveMessageSize: 1000);

        var call = () => channel.UnaryAsync<GetVersionRequest, VersionInfo>(TestHandlers.GetVersion, new GetVersionRequest());

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Given_no_server_When_called_Then_UNAVAILABLE_naming_the_socket()
    {
        using var directory = new Edge.Testing.TempDirectory();
        var socket = directory.Combine("absent.sock");
        using var channel = new ControlChannel(socket);

        var call = () => channel.UnaryAsync<HealthRequest, HealthResponse>(TestHandlers.Health, new HealthRequest());

        var failure = (await call.Should().ThrowAsync<RpcException>()).Which;
        failure.StatusCode.Should().Be(StatusCode.Unavailable);
        failure.Detail.Should().Contain(socket);
    }

    [Fact]
    public async Task Given_a_path_the_contract_lacks_When_edgectl_calls_it_Then_it_fails_before_sending()
    {
        using var channel = new ControlChannel("/nonexistent/control.sock");

        var call = () => channel.UnaryAsync<HealthRequest, HealthResponse>("/edge.control.v1.System/Healthz", new HealthRequest());

        await call.Should().ThrowAsync<ArgumentException>().WithMessage("*no method /edge.control.v1.System/Healthz*");
    }

    [Fact]
    public async Task Given_many_concurrent_calls_on_one_channel_When_they_complete_Then_each_gets_its_own_answer()
    {
        await using var server = await TestControlServer.StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            server.Channel.UnaryAsync<CreateWorkspaceRequest, Workspace>(TestHandlers.CreateWorkspace,
                new CreateWorkspaceRequest { Name = $"w{i}" })));

        answers.Select(a => a.Name).Should().Equal(Enumerable.Range(0, 50).Select(i => $"w{i}"));
    }
}
