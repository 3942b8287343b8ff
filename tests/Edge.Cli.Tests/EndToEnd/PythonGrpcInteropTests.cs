using Edge.Cli.Tests.Support;
using Edge.Control.V1;

namespace Edge.Cli.Tests.EndToEnd;

/// <summary>The daemon's control socket speaks gRPC as other implementations do: Debian's python3-grpcio.</summary>
[Collection(EndToEndCollection.Name)]
public class PythonGrpcInteropTests(DaemonFixture fixture)
{
    private readonly EdgeDaemon _edge = fixture.Daemon;

    [SkippableFact]
    public void Given_python_grpcio_on_the_daemons_socket_When_it_calls_Health_and_ListWorkspaces_Then_the_answers_parse_as_the_contracts_messages()
    {
        PythonGrpc.Require();
        _edge.Edgectl("workspace", "create", "interop", "--ae", "EDGE_INTEROP").ExitCode.Should().Be(0);

        var results = PythonGrpc.Call(_edge.SocketPath,
            ("/edge.control.v1.System/Health", new HealthRequest()),
            ("/edge.control.v1.Workspaces/ListWorkspaces", new ListWorkspacesRequest()));

        results.Should().OnlyContain(r => r.Code == "OK");
        var health = HealthResponse.Parser.ParseFrom(results[0].Response);
        health.Status.Should().Be(HealthStatus.Serving);
        health.Components.Select(c => c.Name).Should().Contain(["dicom-listener", "ledger", "workspaces"]);
        var workspaces = ListWorkspacesResponse.Parser.ParseFrom(results[1].Response).Workspaces;
        workspaces.Select(w => w.Workspace.Name).Should().Contain(["default", "interop"]).And.BeInAscendingOrder(StringComparer.Ordinal);
        workspaces.Single(w => w.Workspace.Name == "interop").Workspace.AeTitle.Should().Be("EDGE_INTEROP");
    }
}
