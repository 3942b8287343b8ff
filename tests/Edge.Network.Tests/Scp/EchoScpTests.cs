using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Network.Tests.Support;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Network.Tests.Scp;

public sealed class EchoScpTests(ITestOutputHelper output)
{
    private readonly TestLoggerFactory _logs = new(output);

    private static TestAcceptor Acceptor(IReadOnlySet<string>? known = null) =>
        new(new PresentationContextPolicy().Accept(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian),
            () => new SpoolStore(Path.GetTempPath()).CreateProvider())
        { KnownCallingAeTitles = known };

    [SkippableFact]
    public async Task Given_our_scp_When_echoscu_calls_it_Then_the_echo_succeeds()
    {
        ExternalTool.Require("echoscu");
        await using var scp = await TestScp.StartAsync(Acceptor(), _logs);

        var result = await Dcmtk.RunAsync("echoscu", "-v", "-aec", TestScp.AeTitle, "127.0.0.1", scp.Port.ToString());

        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().Contain("Received Echo Response (Success)");
    }

    [SkippableFact]
    public async Task Given_a_wrong_called_ae_When_echoscu_calls_Then_it_is_rejected_permanently_by_the_service_user_for_that_reason()
    {
        ExternalTool.Require("echoscu");
        await using var scp = await TestScp.StartAsync(Acceptor(), _logs);

        var result = await Dcmtk.RunAsync("echoscu", "-aec", "SOMEONE_ELSE", "127.0.0.1", scp.Port.ToString());

        result.ExitCode.Should().NotBe(0);
        result.Output.Should().Contain("Association Rejected")
            .And.Contain("Rejected Permanent")
            .And.Contain("Service User")
            .And.Contain("Called AE Title Not Recognized");
        await _logs.ShouldSoonContainAsync("called AE title not recognized");
    }

    [SkippableFact]
    public async Task Given_an_unknown_calling_ae_When_echoscu_calls_Then_it_is_rejected_for_the_calling_ae()
    {
        ExternalTool.Require("echoscu");
        await using var scp = await TestScp.StartAsync(Acceptor(new HashSet<string> { "KNOWN" }), _logs);

        var rejected = await Dcmtk.RunAsync("echoscu", "-aet", "STRANGER", "-aec", TestScp.AeTitle, "127.0.0.1", scp.Port.ToString());
        var accepted = await Dcmtk.RunAsync("echoscu", "-aet", "KNOWN", "-aec", TestScp.AeTitle, "127.0.0.1", scp.Port.ToString());

        rejected.Output.Should().Contain("Calling AE Title Not Recognized");
        accepted.ExitCode.Should().Be(0, accepted.Output);
    }

    [Fact]
    public async Task Given_our_scp_When_our_scu_echoes_twice_on_one_association_Then_both_succeed_and_release_is_clean()
    {
        await using var scp = await TestScp.StartAsync(Acceptor(), _logs);
        var client = new DicomClient(new DicomClientOptions { CallingAeTitle = "EDGE_SCU" });

        await using var association = await client.AssociateAsync(scp.Peer, [new ContextProposal(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian)]);
        var first = await association.EchoAsync();
        var second = await association.EchoAsync();
        await association.ReleaseAsync();

        first.Status.Should().Be(DicomStatus.Success);
        second.Status.Should().Be(DicomStatus.Success);
        association.IsOpen.Should().BeFalse();
        await _logs.ShouldSoonContainAsync("Association released");
    }

    [Fact]
    public async Task Given_the_limit_of_associations_is_reached_When_one_more_asks_Then_it_is_rejected_as_transient_local_limit()
    {
        await using var scp = await TestScp.StartAsync(Acceptor(), _logs, o => o.MaxAssociations = 1);
        var client = new DicomClient(new DicomClientOptions());
        var verification = new[] { new ContextProposal(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian) };
        scp.Server.Status.Should().Match<DicomServerStatus>(s => s.Accepting && s.Associations == 0 && s.MaxAssociations == 1 && s.EndPoint!.Port == scp.Port);

        await using var first = await client.AssociateAsync(scp.Peer, verification);
        var act = async () => await client.AssociateAsync(scp.Peer, verification);

        var rejection = (await act.Should().ThrowAsync<AssociationRejectedException>()).Which.Reject;
        rejection.Should().Be(AssociateReject.LocalLimitExceeded);
        scp.Server.Status.Associations.Should().Be(1, "the rejected association is not counted");
        await first.ReleaseAsync();
        (await Poll.UntilAsync(() => scp.Server.Status.Associations == 0, TimeSpan.FromSeconds(10))).Should().BeTrue();
        await scp.Server.StopAsync();
        scp.Server.Status.Accepting.Should().BeFalse();
    }
}
