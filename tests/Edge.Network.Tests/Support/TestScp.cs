using Edge.Dicom.Network;
using Microsoft.Extensions.Logging;

namespace Edge.Network.Tests.Support;

/// <summary>Our SCP on 127.0.0.1 and a free port, as the tests' DCMTK tools see it.</summary>
internal sealed class TestScp : IAsyncDisposable
{
    public const string AeTitle = "EDGE_SCP";

    private readonly DicomServer _server;

    private TestScp(DicomServer server) => _server = server;

    public int Port => _server.LocalEndPoint.Port;

    public DicomServer Server => _server;

    public DicomPeer Peer => new("127.0.0.1", Port, AeTitle);

    public static async Task<TestScp> StartAsync(IAssociationAcceptor acceptor, ILoggerFactory logs, Action<DicomServerOptions>? configure = null)
    {
        var options = new DicomServerOptions
        {
            Port = 0,
            ArtimTimeout = TimeSpan.FromSeconds(5),
            IdleTimeout = TimeSpan.FromSeconds(10),
            StopGracePeriod = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(options);
        var server = new DicomServer(options, acceptor, logs);
        await server.StartAsync();
        return new TestScp(server);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
