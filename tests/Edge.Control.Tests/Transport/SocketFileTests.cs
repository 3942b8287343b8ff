using System.Globalization;
using Edge.Control.Access;
using Edge.Control.Interop;
using Edge.Platform;
using Edge.Control.Methods;
using Edge.Control.Tests.Support;
using Edge.Control.Transport;
using Edge.Control.V1;
using Edge.Testing;

namespace Edge.Control.Tests.Transport;

public class SocketFileTests
{
    private const UnixFileMode Mode0660 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    private static readonly ControlAccessPolicy Nobody =
        new(new Dictionary<uint, ControlGrants>(), new Dictionary<uint, ControlGrants>());

    [Fact]
    public async Task Given_a_started_server_When_its_socket_file_is_inspected_Then_it_is_a_socket_with_mode_0660()
    {
        await using var server = await TestControlServer.StartAsync();

        File.GetUnixFileMode(server.SocketPath).Should().Be(Mode0660);
        UnixFiles.IsSocket(server.SocketPath).Should().BeTrue();
    }

    [SkippableFact]
    public async Task Given_an_existing_socket_group_When_the_server_starts_Then_the_socket_belongs_to_that_group()
    {
        Skip.IfNot(CurrentProcess.IsRoot, "Only root may give a file to any group.");
        var nogroup = UnixAccounts.FindGroupId("nogroup");
        Skip.If(nogroup is null, "This system has no group 'nogroup'.");

        await using var server = await TestControlServer.StartAsync(Nobody, socketGroup: "nogroup");

        var stat = ExternalTool.Run("stat", "-c", "%a %g", server.SocketPath);
        stat.StdOut.Trim().Should().Be($"660 {nogroup.Value.ToString(CultureInfo.InvariantCulture)}");
    }

    [Fact]
    public async Task Given_a_socket_group_that_does_not_exist_When_the_server_starts_Then_it_serves_with_the_socket_at_0660()
    {
        await using var server = await TestControlServer.StartAsync(Nobody, socketGroup: "edge-no-such-group");

        File.GetUnixFileMode(server.SocketPath).Should().Be(Mode0660);
    }

    [Fact]
    public async Task Given_a_stale_socket_left_by_a_crash_When_the_server_starts_Then_it_replaces_it_and_serves()
    {
        using var directory = new TempDirectory("edge-control");
        var path = directory.Combine("control.sock");
        // A process that binds and exits without unlinking, as a killed daemon does (.NET unlinks on close).
        ExternalTool.Run("/usr/bin/python3", "-c",
            "import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen()", path).ExitCode.Should().Be(0);
        UnixFiles.IsSocket(path).Should().BeTrue();

        await using var server = await StartAsync(path);

        using var channel = new Edge.Cli.Transport.ControlChannel(path);
        var health = await channel.UnaryAsync<HealthRequest, HealthResponse>(TestHandlers.Health, new HealthRequest());
        health.Status.Should().Be(HealthStatus.Serving);
    }

    [Fact]
    public async Task Given_a_live_server_on_the_path_When_a_second_one_starts_Then_it_is_refused_and_the_first_keeps_serving()
    {
        await using var first = await TestControlServer.StartAsync();

        var second = () => StartAsync(first.SocketPath);

        await second.Should().ThrowAsync<ControlException>().WithMessage("*Another process is listening*");
        var health = await first.Channel.UnaryAsync<HealthRequest, HealthResponse>(TestHandlers.Health, new HealthRequest());
        health.Status.Should().Be(HealthStatus.Serving);
    }

    [Fact]
    public async Task Given_a_regular_file_at_the_socket_path_When_the_server_starts_Then_it_refuses_and_leaves_the_file()
    {
        using var directory = new TempDirectory("edge-control");
        var path = directory.Combine("control.sock");
        await File.WriteAllTextAsync(path, "not a socket");

        var start = () => StartAsync(path);

        await start.Should().ThrowAsync<ControlException>().WithMessage("*is not a socket*");
        (await File.ReadAllTextAsync(path)).Should().Be("not a socket");
    }

    [Fact]
    public async Task Given_a_missing_socket_directory_When_the_server_starts_Then_it_is_created_0750()
    {
        using var directory = new TempDirectory("edge-control");
        var path = directory.Combine("run", "control.sock");

        await using var server = await StartAsync(path);

        File.GetUnixFileMode(directory.Combine("run")).Should().Be(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    [Fact]
    public async Task Given_a_running_server_When_it_stops_Then_the_socket_file_is_removed()
    {
        using var directory = new TempDirectory("edge-control");
        var path = directory.Combine("control.sock");
        var server = await StartAsync(path);

        await server.DisposeAsync();

        File.Exists(path).Should().BeFalse();
    }

    private static Task<ControlServer> StartAsync(string path) =>
        ControlServer.StartAsync(new ControlServerOptions { SocketPath = path, SocketGroup = null },
            new TestHandlers().Register(new ControlMethodRegistry()), Nobody, new RecordingAuditSink());
}
