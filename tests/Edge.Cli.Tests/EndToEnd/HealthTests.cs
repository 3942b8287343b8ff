using System.Globalization;
using System.Text.Json;
using Edge.Cli.Tests.Support;
using Edge.Dicom.Data;
using Edge.Dicom.Network;

namespace Edge.Cli.Tests.EndToEnd;

/// <summary>`edgectl system health` tells a PACS administrator where the DICOM listener is and when it turns callers away.</summary>
[Collection(EndToEndCollection.Name)]
public class HealthTests
{
    private static JsonElement Listener(JsonElement health) =>
        health.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "dicom-listener");

    [Fact]
    public async Task Given_every_association_in_use_When_health_is_asked_Then_the_listener_is_degraded_and_says_why()
    {
        await using var edge = await EdgeDaemon.StartAsync(maxAssociations: 1);
        var port = edge.DicomPort.ToString(CultureInfo.InvariantCulture);
        var idle = edge.Json("system", "health");

        var client = new DicomClient(new DicomClientOptions { CallingAeTitle = "HOLDER" });
        await using var held = await client.AssociateAsync(new DicomPeer("127.0.0.1", edge.DicomPort, "EDGE"),
            [new ContextProposal(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian)]);
        var busy = edge.Json("system", "health");
        var refused = edge.EchoScu("EDGE");
        await held.ReleaseAsync();

        Listener(idle).GetProperty("status").GetString().Should().Be("serving");
        Listener(idle).GetProperty("detail").GetString().Should().Be($"listening on 127.0.0.1:{port}; 0 of 1 associations open");
        busy.GetProperty("status").GetString().Should().Be("degraded");
        Listener(busy).GetProperty("status").GetString().Should().Be("degraded");
        Listener(busy).GetProperty("detail").GetString().Should()
            .Be($"listening on 127.0.0.1:{port}; all 1 associations in use: new ones are rejected (local limit exceeded)");
        refused.Output.Should().Contain("Local Limit Exceeded", "the health told the truth: a caller was turned away");
    }
}
