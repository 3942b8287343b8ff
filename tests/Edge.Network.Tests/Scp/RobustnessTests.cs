using System.Diagnostics;
using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Network.Tests.Support;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Network.Tests.Scp;

public sealed class RobustnessTests(ITestOutputHelper output) : IDisposable
{
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";

    private readonly TestLoggerFactory _logs = new(output);
    private readonly TempDirectory _dir = new("edge-robust");
    private readonly List<AssociationEndReason> _ends = [];

    public void Dispose() => _dir.Dispose();

    private sealed class EndRecordingProvider(SpoolStore store, List<AssociationEndReason> ends) : ICStoreProvider
    {
        private readonly SpoolStore.Provider _inner = store.CreateProvider();

        public ValueTask<Stream> OpenReceiveStreamAsync(CStoreRequest request, CancellationToken cancellationToken) => _inner.OpenReceiveStreamAsync(request, cancellationToken);
        public ValueTask<DimseResult> OnReceivedAsync(CStoreRequest request, Stream received, CancellationToken cancellationToken) => _inner.OnReceivedAsync(request, received, cancellationToken);
        public ValueTask OnReceiveAbortedAsync(CStoreRequest request, Stream partial) => _inner.OnReceiveAbortedAsync(request, partial);

        public ValueTask OnAssociationEndedAsync(AssociationEndReason reason)
        {
            lock (ends)
            {
                ends.Add(reason);
            }
            return ValueTask.CompletedTask;
        }
    }

    private async Task<(TestScp Scp, SpoolStore Store)> StartAsync(TimeSpan? idle = null)
    {
        var store = new SpoolStore(_dir.Path);
        var policy = new PresentationContextPolicy()
            .Accept(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian)
            .Accept(CtImage, TransferSyntax.ExplicitVRLittleEndian);
        var acceptor = new TestAcceptor(policy, () => new EndRecordingProvider(store, _ends));
        var scp = await TestScp.StartAsync(acceptor, _logs, o =>
        {
            o.ArtimTimeout = TimeSpan.FromSeconds(1);
            o.IdleTimeout = idle ?? TimeSpan.FromSeconds(1);
        });
        return (scp, store);
    }

    private static async Task<bool> EchoWorksAsync(TestScp scp)
    {
        var client = new DicomClient(new DicomClientOptions());
        await using var association = await client.AssociateAsync(scp.Peer, [new ContextProposal(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian)]);
        return (await association.EchoAsync()).Status == DicomStatus.Success;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Given_random_bytes_on_the_port_When_sent_Then_the_connection_is_closed_and_the_next_association_is_served(int seed)
    {
        var (scp, _) = await StartAsync();
        await using var _ = scp;
        var junk = new byte[8192];
        new Random(seed).NextBytes(junk);

        using (var peer = await RawPeer.ConnectAsync(scp.Port))
        {
            try
            {
                await peer.SendAsync(junk);
            }
            catch (IOException)
            {
                // The server may already have closed after the first bytes.
            }
            (await peer.ClosedByServerWithin(TimeSpan.FromSeconds(5))).Should().BeTrue();
        }

        (await EchoWorksAsync(scp)).Should().BeTrue();
    }

    [Fact]
    public async Task Given_an_associate_request_announcing_0xFFFFFFF0_bytes_When_sent_Then_the_server_aborts_with_invalid_parameter_value()
    {
        var (scp, _) = await StartAsync();
        await using var _ = scp;
        using var peer = await RawPeer.ConnectAsync(scp.Port);

        await peer.SendAsync([0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xF0, 0x00, 0x01]);
        var answer = await peer.ReadPduAsync(TimeSpan.FromSeconds(5));

        answer.Should().Equal((byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, (byte)AbortSource.ServiceProvider, (byte)AbortReason.InvalidPduParameterValue);
        (await peer.ClosedByServerWithin(TimeSpan.FromSeconds(5))).Should().BeTrue();
        (await EchoWorksAsync(scp)).Should().BeTrue();
    }

    [Fact]
    public async Task Given_data_before_any_association_When_sent_Then_the_server_aborts_with_unexpected_pdu()
    {
        var (scp, _) = await StartAsync();
        await using var _ = scp;
        using var peer = await RawPeer.ConnectAsync(scp.Port);

        await peer.SendAsync(PduEncoder.DataTransfer(new PresentationDataValue(1, true, true, new byte[8])));
        var answer = await peer.ReadPduAsync(TimeSpan.FromSeconds(5));

        answer.Should().Equal((byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, (byte)AbortSource.ServiceProvider, (byte)AbortReason.UnexpectedPdu);
    }

    [Fact]
    public async Task Given_a_connection_that_never_sends_a_request_When_the_artim_timer_expires_Then_the_server_closes_it()
    {
        var (scp, _) = await StartAsync();
        await using var _ = scp;
        using var peer = await RawPeer.ConnectAsync(scp.Port);
        var watch = Stopwatch.StartNew();

        var closed = await peer.ClosedByServerWithin(TimeSpan.FromSeconds(10));

        closed.Should().BeTrue();
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(0.8)).And.BeLessThan(TimeSpan.FromSeconds(5));
    }

    /// <summary>The peer sends the C-STORE-RQ and part of the data set, then goes silent: in the middle of a PDU, or between PDUs.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Given_a_peer_that_stops_in_the_middle_of_a_data_set_When_the_idle_timer_expires_Then_the_association_is_aborted_and_the_spool_discarded(bool midPdu)
    {
        var (scp, store) = await StartAsync();
        await using var _ = scp;
        using var peer = await RawPeer.ConnectAsync(scp.Port);
        await peer.AssociateAsync(TestScp.AeTitle, CtImage);
        var command = DicomCommand.Request(CommandField.CStoreRequest, 1, CtImage, hasDataSet: true);
        command.SetUid(CommandTags.AffectedSopInstanceUid, "1.2.3.4.5");
        await peer.SendAsync(PduEncoder.DataTransfer(new PresentationDataValue(1, true, true, command.Encode())));
        var fragment = PduEncoder.DataTransfer(new PresentationDataValue(1, false, false, new byte[8000]));

        await peer.SendAsync(midPdu ? fragment[..3000] : fragment);
        var answer = await peer.ReadPduAsync(TimeSpan.FromSeconds(10));

        answer.Should().NotBeNull();
        answer![0].Should().Be((byte)PduType.Abort);
        (await Poll.UntilAsync(() => store.Discarded.Count == 1, TimeSpan.FromSeconds(10))).Should().BeTrue();
        store.Discarded.Should().Equal("1.2.3.4.5");
        store.SpoolFiles.Should().BeEmpty();
        store.Received.Should().BeEmpty();
        (await Poll.UntilAsync(() => _ends.Count == 1, TimeSpan.FromSeconds(10))).Should().BeTrue();
        _ends.Should().Equal(AssociationEndReason.TimedOut);
        await _logs.ShouldSoonContainAsync("timed out");
    }

    [Fact]
    public async Task Given_a_peer_that_closes_the_connection_in_the_middle_of_a_data_set_When_it_does_Then_the_spool_is_discarded()
    {
        var (scp, store) = await StartAsync(idle: TimeSpan.FromSeconds(30));
        await using var _ = scp;
        using (var peer = await RawPeer.ConnectAsync(scp.Port))
        {
            await peer.AssociateAsync(TestScp.AeTitle, CtImage);
            var command = DicomCommand.Request(CommandField.CStoreRequest, 1, CtImage, hasDataSet: true);
            command.SetUid(CommandTags.AffectedSopInstanceUid, "1.2.3.4.6");
            await peer.SendAsync(PduEncoder.DataTransfer(new PresentationDataValue(1, true, true, command.Encode())));
            await peer.SendAsync(PduEncoder.DataTransfer(new PresentationDataValue(1, false, false, new byte[8000])));
            (await Poll.UntilAsync(() => store.SpoolFiles.Any(), TimeSpan.FromSeconds(10))).Should().BeTrue();
        }

        (await Poll.UntilAsync(() => store.Discarded.Count == 1, TimeSpan.FromSeconds(10))).Should().BeTrue();
        store.SpoolFiles.Should().BeEmpty();
        (await Poll.UntilAsync(() => _ends.Count == 1, TimeSpan.FromSeconds(10))).Should().BeTrue();
        _ends.Should().Equal(AssociationEndReason.ConnectionLost);
    }

    [Fact]
    public async Task Given_a_request_with_an_even_context_id_When_sent_Then_the_server_aborts_with_invalid_parameter_value()
    {
        var (scp, _) = await StartAsync();
        await using var _ = scp;
        using var peer = await RawPeer.ConnectAsync(scp.Port);

        await peer.SendAsync(PduEncoder.Encode(new AssociateRequest
        {
            CalledAeTitle = TestScp.AeTitle,
            CallingAeTitle = "RAW_PEER",
            PresentationContexts = [new PresentationContextProposal(2, DicomServiceUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid])],
        }));
        var answer = await peer.ReadPduAsync(TimeSpan.FromSeconds(5));

        answer.Should().Equal((byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, (byte)AbortSource.ServiceProvider, (byte)AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public async Task Given_a_peer_that_aborts_When_it_does_Then_the_provider_is_told_the_peer_aborted()
    {
        var (scp, _) = await StartAsync();
        await using var _ = scp;
        using var peer = await RawPeer.ConnectAsync(scp.Port);
        await peer.AssociateAsync(TestScp.AeTitle, CtImage);

        await peer.SendAsync(PduEncoder.Encode(new AssociateAbort(AbortSource.ServiceUser, AbortReason.NotSpecified)));

        (await Poll.UntilAsync(() => _ends.Count == 1, TimeSpan.FromSeconds(10))).Should().BeTrue();
        _ends.Should().Equal(AssociationEndReason.AbortedByPeer);
    }
}
