using Edge.Dicom.Data;
using Edge.Integration.Tests.Support;
using Edge.Testing;

namespace Edge.Integration.Tests.Ingest;

/// <summary>A daemon whose one workspace takes only the AE title PACS, and that frees a silent association after one second.</summary>
public sealed class RejectionFixture : EdgedFixture
{
    public const string CalledAe = "EDGE_PROJECT";
    public const string Pacs = "PACS";

    protected override IReadOnlyList<WorkspaceSpec> Workspaces => [new("project", CalledAe, [Pacs])];

    protected override int IdleTimeoutSeconds => 1;
}

/// <summary>
/// What edged refuses, against the real binary: associations it does not know, SOP classes it does not store, and
/// peers that send garbage, lie about lengths or stop halfway. After each, the daemon still answers C-ECHO.
/// </summary>
public sealed class RejectionTests : IClassFixture<RejectionFixture>
{
    private readonly RejectionFixture _fixture;

    public RejectionTests(RejectionFixture fixture) => _fixture = fixture;

    private int Port => _fixture.Edged.Port;

    [SkippableFact]
    public async Task Given_the_workspace_ae_and_an_allowed_caller_When_echoscu_calls_Then_the_echo_succeeds()
    {
        var echo = await Dcmtk.EchoAsync(Port, RejectionFixture.CalledAe, RejectionFixture.Pacs);

        echo.ExitCode.Should().Be(0, echo.Output);
        echo.Output.Should().Contain("Received Echo Response (Success)");
    }

    [SkippableFact]
    public async Task Given_a_called_ae_of_no_workspace_When_echoscu_calls_Then_the_association_is_rejected_as_called_ae_not_recognized()
    {
        var echo = await Dcmtk.EchoAsync(Port, "NOT_A_PROJECT", RejectionFixture.Pacs);

        echo.ExitCode.Should().NotBe(0);
        echo.Output.Should().Contain("Association Rejected").And.Contain("Called AE Title Not Recognized");
        // The console logger writes on its own thread: the line may follow the reject by a moment.
        (await Poll.UntilAsync(() => _fixture.Edged.Output.Contains("to NOT_A_PROJECT rejected: called AE title not recognised", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5))).Should().BeTrue();
    }

    [SkippableFact]
    public async Task Given_a_workspace_that_allows_only_pacs_When_another_calling_ae_calls_Then_the_association_is_rejected_as_calling_ae_not_recognized()
    {
        var echo = await Dcmtk.EchoAsync(Port, RejectionFixture.CalledAe, "STRANGER");

        echo.ExitCode.Should().NotBe(0);
        echo.Output.Should().Contain("Association Rejected").And.Contain("Calling AE Title Not Recognized");
    }

    [SkippableFact]
    public async Task Given_an_instance_of_a_retired_storage_class_When_storescu_proposes_only_it_Then_no_presentation_context_is_accepted_and_nothing_is_stored()
    {
        var dataset = SyntheticCt.Dataset(SyntheticCt.NewUid(), SyntheticCt.NewUid(), SyntheticCt.NewUid(), 1);
        // Nuclear Medicine Image Storage (Retired): DCMTK still sends it, PS3.4 no longer lists it.
        dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.5");
        var file = SyntheticCt.Save(dataset, Path.Combine(_fixture.Scratch("retired-class"), "retired.dcm"));

        var run = await StoreScu.RunAsync(Port, RejectionFixture.CalledAe, ["-R"], [file], RejectionFixture.Pacs);

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("No Acceptable Presentation Contexts");
        run.Succeeded.Should().BeEmpty();
        _fixture.State.InstanceFiles("project").Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Given_a_private_sop_class_When_a_peer_proposes_it_Then_its_presentation_context_is_rejected_as_abstract_syntax_not_supported()
    {
        using var peer = await RawDicomPeer.ConnectAsync(Port);

        var result = await peer.AssociateAsync(RejectionFixture.CalledAe, RejectionFixture.Pacs, "1.2.826.0.1.3680043.8.498.77");

        result.Should().Be(3, "PS3.8 9.3.3.2: abstract-syntax-not-supported (provider rejection)");
    }

    [SkippableFact]
    public async Task Given_a_peer_that_sends_random_bytes_When_they_arrive_Then_it_is_aborted_and_the_daemon_serves_the_next_echo()
    {
        using var peer = await RawDicomPeer.ConnectAsync(Port);
        var garbage = new byte[4096];
        new Random(5).NextBytes(garbage);
        // Whatever the bytes, the first one names no PDU type.
        garbage[0] = 0xA5;

        await peer.SendAsync(garbage);
        var answer = await peer.ReadPduAsync(TimeSpan.FromSeconds(10));
        var echo = await Dcmtk.EchoAsync(Port, RejectionFixture.CalledAe, RejectionFixture.Pacs);

        answer.Should().NotBeNull();
        answer![0].Should().Be(RawDicomPeer.AbortType);
        echo.ExitCode.Should().Be(0, echo.Output);
    }

    [SkippableFact]
    public async Task Given_a_peer_that_announces_a_4_gib_association_request_When_the_header_arrives_Then_it_is_aborted_without_waiting_for_the_body()
    {
        using var peer = await RawDicomPeer.ConnectAsync(Port);

        await peer.SendAsync(RawDicomPeer.Header(RawDicomPeer.AssociateRequestType, 0xFFFFFFF0));
        var answer = await peer.ReadPduAsync(TimeSpan.FromSeconds(10));
        var echo = await Dcmtk.EchoAsync(Port, RejectionFixture.CalledAe, RejectionFixture.Pacs);

        answer.Should().NotBeNull();
        answer![0].Should().Be(RawDicomPeer.AbortType);
        echo.ExitCode.Should().Be(0, echo.Output);
    }

    [SkippableFact]
    public async Task Given_an_association_When_a_p_data_pdu_announces_4_gib_Then_it_is_aborted_and_the_daemon_serves_the_next_echo()
    {
        using var peer = await RawDicomPeer.ConnectAsync(Port);
        var result = await peer.AssociateAsync(RejectionFixture.CalledAe, RejectionFixture.Pacs, SyntheticCt.CtImageStorage);

        await peer.SendAsync(RawDicomPeer.Header(RawDicomPeer.DataTransferType, 0xFFFFFFF0));
        var answer = await peer.ReadPduAsync(TimeSpan.FromSeconds(10));
        var echo = await Dcmtk.EchoAsync(Port, RejectionFixture.CalledAe, RejectionFixture.Pacs);

        result.Should().Be(0, "CT Image Storage in explicit VR little endian is accepted");
        answer.Should().NotBeNull();
        answer![0].Should().Be(RawDicomPeer.AbortType);
        echo.ExitCode.Should().Be(0, echo.Output);
    }

    [SkippableFact]
    public async Task Given_a_peer_that_stops_in_the_middle_of_a_pdv_When_the_idle_timeout_passes_Then_the_association_is_aborted_and_no_spool_file_remains()
    {
        using var peer = await RawDicomPeer.ConnectAsync(Port);
        await peer.AssociateAsync(RejectionFixture.CalledAe, RejectionFixture.Pacs, SyntheticCt.CtImageStorage);
        var dataset = new byte[3000];
        new Random(7).NextBytes(dataset);
        var secondFragment = RawDicomPeer.PData(1, command: false, last: true, dataset.AsSpan(1000));
        var command = RawDicomPeer.CStoreRequest(1, SyntheticCt.CtImageStorage, SyntheticCt.NewUid());

        await peer.SendAsync(RawDicomPeer.PData(1, command: true, last: true, command));
        await peer.SendAsync(RawDicomPeer.PData(1, command: false, last: false, dataset.AsSpan(0, 1000)));
        var spooled = await Poll.UntilAsync(() => _fixture.State.SpoolFiles().Count > 0, TimeSpan.FromSeconds(2));
        // Half of the second P-DATA-TF: its header promises more than ever comes.
        await peer.SendAsync(secondFragment.AsMemory(0, secondFragment.Length / 2));
        var answer = await peer.ReadPduAsync(TimeSpan.FromSeconds(10));
        var spoolEmptied = await Poll.UntilAsync(() => _fixture.State.SpoolFiles().Count == 0, TimeSpan.FromSeconds(5));
        var echo = await Dcmtk.EchoAsync(Port, RejectionFixture.CalledAe, RejectionFixture.Pacs);

        spooled.Should().BeTrue("the data set is spooled as it arrives");
        answer.Should().NotBeNull();
        answer![0].Should().Be(RawDicomPeer.AbortType);
        spoolEmptied.Should().BeTrue();
        _fixture.State.InstanceFiles("project").Should().BeEmpty();
        (await Poll.UntilAsync(() => _fixture.Edged.Output.Contains("timed out", StringComparison.Ordinal), TimeSpan.FromSeconds(5))).Should().BeTrue();
        echo.ExitCode.Should().Be(0, echo.Output);
    }
}
