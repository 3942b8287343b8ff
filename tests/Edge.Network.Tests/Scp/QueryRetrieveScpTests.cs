using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Network.Tests.Support;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Network.Tests.Scp;

public sealed class QueryRetrieveScpTests(ITestOutputHelper output) : IDisposable
{
    private const string StudyA = "1.2.826.0.1.3680043.8.498.1";
    private const string StudyB = "1.2.826.0.1.3680043.8.498.2";

    private readonly TestLoggerFactory _logs = new(output);
    private readonly TempDirectory _dir = new("edge-qr");

    public void Dispose() => _dir.Dispose();

    /// <summary>Two studies of native files: getscu (which proposes uncompressed syntaxes only) can take them.</summary>
    private static IReadOnlyList<ArchivedStudy> Studies()
    {
        var native = CorpusFiles.Storable(maxSize: 200_000)
            .Where(f => f.TransferSyntaxUid is "1.2.840.10008.1.2.1" or "1.2.840.10008.1.2")
            .Select(f => f.Path).Take(6).ToList();
        return
        [
            new ArchivedStudy(StudyA, "PAT-A", "Study A", native.Take(4).ToList()),
            new ArchivedStudy(StudyB, "PAT-B", "Study B", native.Skip(4).ToList()),
        ];
    }

    private static PresentationContextPolicy Policy(IEnumerable<ArchivedStudy> studies) =>
        new PresentationContextPolicy()
            .Accept([DicomServiceUids.Verification, DicomServiceUids.StudyRootFind, DicomServiceUids.StudyRootGet, DicomServiceUids.StudyRootMove,
                     DicomServiceUids.PatientRootFind], TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian)
            .Accept(studies.SelectMany(s => s.Files).Select(f => InstanceFile.Open(f).SopClassUid).Distinct(), TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian);

    private async Task<(TestScp Scp, StudyArchive Archive)> StartAsync(StudyArchive? archive = null)
    {
        var studies = Studies();
        archive ??= new StudyArchive(studies);
        var scp = await TestScp.StartAsync(new TestAcceptor(Policy(studies), () => archive), _logs);
        return (scp, archive);
    }

    private static IEnumerable<string> SopInstances(IEnumerable<string> files) => files.Select(f => InstanceFile.Open(f).SopInstanceUid);

    [SkippableFact]
    public async Task Given_two_studies_When_findscu_queries_at_study_level_Then_both_come_back()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("findscu");
        var (scp, _) = await StartAsync();
        await using var _ = scp;

        var result = await Dcmtk.RunAsync("findscu", "-v", "-S", "-aec", TestScp.AeTitle,
            "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "-k", "StudyDescription", "-k", "PatientID",
            "127.0.0.1", scp.Port.ToString());

        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().Contain(StudyA).And.Contain(StudyB).And.Contain("Study A").And.Contain("PAT-B");
        result.Output.Should().Contain("Received Final Find Response (Success)");
    }

    [SkippableFact]
    public async Task Given_a_key_When_findscu_queries_Then_only_the_matching_study_comes_back()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("findscu");
        var (scp, _) = await StartAsync();
        await using var _ = scp;

        var result = await Dcmtk.RunAsync("findscu", "-v", "-S", "-aec", TestScp.AeTitle,
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={StudyB}", "-k", "StudyDescription", "127.0.0.1", scp.Port.ToString());

        result.Output.Should().Contain("Study B").And.NotContain("Study A");
    }

    [SkippableFact]
    public async Task Given_many_matches_When_findscu_cancels_after_two_Then_the_provider_is_cancelled_and_the_final_status_is_cancel()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("findscu");
        var archive = new StudyArchive(Studies()) { Repeat = 100, MatchDelay = TimeSpan.FromMilliseconds(20) };
        var (scp, _) = await StartAsync(archive);
        await using var _ = scp;

        var result = await Dcmtk.RunAsync("findscu", "-v", "--cancel", "2", "-S", "-aec", TestScp.AeTitle,
            "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "127.0.0.1", scp.Port.ToString());

        result.Output.Should().Contain("Sending Cancel Request").And.Contain("Cancel");
        (await Task.WhenAny(archive.FindCancelled.Task, Task.Delay(5000))).Should().Be(archive.FindCancelled.Task);
        await _logs.ShouldSoonContainAsync("C-FIND from FINDSCU finished: 0xFE00 Cancel");
    }

    [SkippableFact]
    public async Task Given_a_study_When_getscu_retrieves_it_Then_its_files_arrive_over_the_same_association()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("getscu");
        var (scp, _) = await StartAsync();
        await using var _ = scp;
        var target = Directory.CreateDirectory(_dir.Combine("get")).FullName;

        var result = await Dcmtk.RunAsync("getscu", "-v", "-S", "-aec", TestScp.AeTitle, "-od", target,
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={StudyA}", "127.0.0.1", scp.Port.ToString());

        result.ExitCode.Should().Be(0, result.Output);
        var received = Directory.EnumerateFiles(target).Select(f => InstanceFile.Open(f).SopInstanceUid);
        received.Should().BeEquivalentTo(SopInstances(Studies()[0].Files));
        await _logs.ShouldSoonContainAsync("C-GET from GETSCU finished: 0x0000 Success, 4 completed, 0 failed");
    }

    [SkippableFact]
    public async Task Given_a_known_destination_When_movescu_moves_a_study_Then_storescp_receives_its_files()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("movescu");
        var (scp, archive) = await StartAsync();
        await using var _ = scp;
        var target = Directory.CreateDirectory(_dir.Combine("move")).FullName;
        using var storescp = StoreScpProcess.Start(target);
        archive.Destinations[StoreScpProcess.AeTitle] = new DicomPeer("127.0.0.1", storescp.Port, StoreScpProcess.AeTitle);

        var result = await Dcmtk.RunAsync("movescu", "-v", "-S", "-aec", TestScp.AeTitle, "-aem", StoreScpProcess.AeTitle,
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={StudyA}", "127.0.0.1", scp.Port.ToString());

        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().Contain("Received Final Move Response (Success)");
        var received = Directory.EnumerateFiles(target).Select(f => InstanceFile.Open(f).SopInstanceUid);
        received.Should().BeEquivalentTo(SopInstances(Studies()[0].Files));
    }

    [SkippableFact]
    public async Task Given_an_unknown_destination_When_movescu_moves_Then_it_is_refused_with_0xA801()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("movescu");
        var (scp, _) = await StartAsync();
        await using var _ = scp;

        var result = await Dcmtk.RunAsync("movescu", "-v", "-S", "-aec", TestScp.AeTitle, "-aem", "NOWHERE",
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={StudyA}", "127.0.0.1", scp.Port.ToString());

        result.Output.Should().Contain("Received Final Move Response (Refused: MoveDestinationUnknown)");
        await _logs.ShouldSoonContainAsync("destination NOWHERE unknown");
    }
}
