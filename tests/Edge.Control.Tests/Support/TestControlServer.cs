using Edge.Cli.Transport;
using Edge.Control.Access;
using Edge.Control.Methods;
using Edge.Control.Transport;
using Edge.Testing;

namespace Edge.Control.Tests.Support;

/// <summary>
/// A real control server on a socket in a temporary directory, with <see cref="TestHandlers"/>, an access table that
/// gives this test process's uid the grants a test asks for, and a recording audit sink; plus edgectl's channel to it.
/// </summary>
internal sealed class TestControlServer : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private TestControlServer(TempDirectory directory, ControlServer server, TestHandlers handlers, RecordingAuditSink audit)
    {
        _directory = directory;
        Server = server;
        Handlers = handlers;
        Audit = audit;
        Channel = new ControlChannel(server.SocketPath);
    }

    public ControlServer Server { get; }

    public TestHandlers Handlers { get; }

    public RecordingAuditSink Audit { get; }

    public ControlChannel Channel { get; }

    public string SocketPath => Server.SocketPath;

    public static Task<TestControlServer> StartAsync(ControlGrants callerGrants = ControlGrants.Admin,
        int maxReceiveMessageSize = 4 * 1024 * 1024) =>
        StartAsync(new ControlAccessPolicy(new Dictionary<uint, ControlGrants> { [CurrentProcess.UserId] = callerGrants },
            new Dictionary<uint, ControlGrants>()), maxReceiveMessageSize);

    public static async Task<TestControlServer> StartAsync(ControlAccessPolicy policy, int maxReceiveMessageSize = 4 * 1024 * 1024,
        string? socketGroup = null)
    {
        var directory = new TempDirectory("edge-control");
        var handlers = new TestHandlers();
        var audit = new RecordingAuditSink();
        var options = new ControlServerOptions
        {
            SocketPath = directory.Combine("control.sock"),
            SocketGroup = socketGroup,
            MaxReceiveMessageSize = maxReceiveMessageSize,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
        try
        {
            var server = await ControlServer.StartAsync(options, handlers.Register(new ControlMethodRegistry()), policy, audit);
            return new TestControlServer(directory, server, handlers, audit);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
