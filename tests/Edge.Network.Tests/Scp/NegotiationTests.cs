using System.Text;
using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Network.Tests.Support;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Network.Tests.Scp;

public sealed class NegotiationTests(ITestOutputHelper output) : IDisposable
{
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";

    private readonly TestLoggerFactory _logs = new(output);
    private readonly TempDirectory _dir = new("edge-negotiation");

    public void Dispose() => _dir.Dispose();

    /// <summary>Accepts only user "alice" with passcode "secret", answering the positive response "welcome".</summary>
    private sealed class PasswordAcceptor(SpoolStore store) : IAssociationAcceptor
    {
        private readonly PresentationContextPolicy _policy = new PresentationContextPolicy()
            .Accept([DicomServiceUids.Verification, CtImage], TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian);

        public ValueTask<AssociationDecision> OnAssociationRequestAsync(AssociationRequestInfo request, CancellationToken cancellationToken)
        {
            var identity = request.Request.UserInformation.UserIdentity;
            var valid = identity is { Type: UserIdentityType.UsernameAndPasscode }
                && Encoding.UTF8.GetString(identity.PrimaryField) == "alice" && Encoding.UTF8.GetString(identity.SecondaryField) == "secret";
            return ValueTask.FromResult(valid
                ? AssociationDecision.Accept(store.CreateProvider(), _policy.Negotiate(request.Request).Contexts, userIdentityResponse: new UserIdentityResponse("welcome"u8.ToArray()))
                : AssociationDecision.Reject(AssociateReject.NoReasonGiven, "user identity not accepted"));
        }
    }

    [SkippableFact]
    public async Task Given_a_user_and_passcode_When_storescu_presents_them_Then_it_is_accepted_with_a_positive_response_and_refused_otherwise()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("storescu");
        var store = new SpoolStore(_dir.Path);
        await using var scp = await TestScp.StartAsync(new PasswordAcceptor(store), _logs);
        var ct = Path.Combine(Corpus.RealDir, "highdicom__ct_image.dcm");

        var good = await Dcmtk.RunAsync("storescu", "-v", "-usr", "alice", "-pwd", "secret", "-rsp", "-aec", TestScp.AeTitle, "127.0.0.1", scp.Port.ToString(), ct);
        var bad = await Dcmtk.RunAsync("storescu", "-usr", "alice", "-pwd", "guess", "-aec", TestScp.AeTitle, "127.0.0.1", scp.Port.ToString(), ct);

        good.ExitCode.Should().Be(0, good.Output);
        store.Received.Should().ContainSingle();
        bad.Output.Should().Contain("Association Rejected");
        (await _logs.ShouldSoonContainAsync("user identity not accepted")).Should().NotContain("secret").And.NotContain("guess");
    }

    [Fact]
    public async Task Given_our_client_with_a_user_identity_When_it_associates_Then_it_sees_the_servers_response()
    {
        var store = new SpoolStore(_dir.Path);
        await using var scp = await TestScp.StartAsync(new PasswordAcceptor(store), _logs);
        var client = new DicomClient(new DicomClientOptions
        {
            UserIdentity = new UserIdentityRequest(UserIdentityType.UsernameAndPasscode, true, "alice"u8.ToArray(), "secret"u8.ToArray()),
        });

        await using var association = await client.AssociateAsync(scp.Peer, [new ContextProposal(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian)]);

        association.Association.AcceptorUserInformation.UserIdentityResponse!.ServerResponse.Should().Equal("welcome"u8.ToArray());
        (await association.EchoAsync()).Status.Should().Be(DicomStatus.Success);
    }

    [Fact]
    public async Task Given_a_request_with_an_asynchronous_window_When_accepted_Then_we_answer_one_operation_at_a_time_our_limits_and_each_context()
    {
        var store = new SpoolStore(_dir.Path);
        var acceptor = new TestAcceptor(new PresentationContextPolicy().Accept(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian), store.CreateProvider);
        await using var scp = await TestScp.StartAsync(acceptor, _logs, o => o.MaxPduLength = 65536);
        using var peer = await RawPeer.ConnectAsync(scp.Port);

        await peer.SendAsync(PduEncoder.Encode(new AssociateRequest
        {
            CalledAeTitle = TestScp.AeTitle,
            CallingAeTitle = "RAW_PEER",
            PresentationContexts =
            [
                new PresentationContextProposal(1, DicomServiceUids.Verification, [TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.ImplicitVRLittleEndian.Uid]),
                new PresentationContextProposal(3, DicomServiceUids.Verification, [TransferSyntax.ExplicitVRLittleEndian.Uid]),
                new PresentationContextProposal(5, CtImage, [TransferSyntax.ExplicitVRLittleEndian.Uid]),
            ],
            UserInformation = new UserInformation { MaxPduLength = 16384, AsyncOperations = new AsyncOperationsWindow(5, 5) },
        }));
        var accept = PduDecoder.DecodeAssociateAccept((await peer.ReadPduAsync(TimeSpan.FromSeconds(5)))!.AsSpan(6));

        accept.UserInformation.AsyncOperations.Should().Be(new AsyncOperationsWindow(1, 1));
        accept.UserInformation.MaxPduLength.Should().Be(65536);
        accept.UserInformation.ImplementationClassUid.Should().Be(DicomFile.ImplementationClassUid);
        accept.PresentationContexts.Should().Equal(
            new PresentationContextResult(1, PresentationContextResultReason.Acceptance, TransferSyntax.ImplicitVRLittleEndian.Uid),
            new PresentationContextResult(3, PresentationContextResultReason.TransferSyntaxesNotSupported, TransferSyntax.ExplicitVRLittleEndian.Uid),
            new PresentationContextResult(5, PresentationContextResultReason.AbstractSyntaxNotSupported, TransferSyntax.ExplicitVRLittleEndian.Uid));
    }

    [Theory]
    [InlineData(TransferSyntaxPreference.Requestor, "1.2.840.10008.1.2")]
    [InlineData(TransferSyntaxPreference.Acceptor, "1.2.840.10008.1.2.1")]
    public void Given_a_policy_preference_When_both_sides_support_two_syntaxes_Then_the_preferred_order_decides(TransferSyntaxPreference preference, string expected)
    {
        var policy = new PresentationContextPolicy { Preference = preference }
            .Accept(CtImage, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian);
        var request = new AssociateRequest
        {
            CalledAeTitle = "A",
            CallingAeTitle = "B",
            PresentationContexts = [new PresentationContextProposal(1, CtImage, [TransferSyntax.ImplicitVRLittleEndian.Uid, TransferSyntax.ExplicitVRLittleEndian.Uid])],
            UserInformation = new UserInformation { RoleSelections = [new RoleSelection(CtImage, false, true), new RoleSelection("1.2.3", false, true)] },
        };

        var negotiated = policy.Negotiate(request);

        negotiated.Contexts.Should().Equal(new PresentationContextResult(1, PresentationContextResultReason.Acceptance, expected));
        negotiated.Roles.Should().Equal(new RoleSelection(CtImage, false, true));
    }

    [Fact]
    public async Task Given_an_open_association_When_the_server_stops_Then_it_is_aborted_after_the_grace_period()
    {
        var ends = new List<AssociationEndReason>();
        var acceptor = new TestAcceptor(new PresentationContextPolicy().Accept(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian),
            () => new EndRecorder(ends));
        var scp = await TestScp.StartAsync(acceptor, _logs, o => o.StopGracePeriod = TimeSpan.FromMilliseconds(300));
        var client = new DicomClient(new DicomClientOptions());
        await using var association = await client.AssociateAsync(scp.Peer, [new ContextProposal(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian)]);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await scp.Server.StopAsync();
        var act = async () => await association.EchoAsync();

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
        await act.Should().ThrowAsync<DicomNetworkException>();
        ends.Should().Equal(AssociationEndReason.Aborted);
        scp.Server.OpenConnections.Should().Be(0);
        await scp.DisposeAsync();
    }

    private sealed class EndRecorder(List<AssociationEndReason> ends) : IDicomServiceProvider
    {
        public ValueTask OnAssociationEndedAsync(AssociationEndReason reason)
        {
            ends.Add(reason);
            return ValueTask.CompletedTask;
        }
    }
}
