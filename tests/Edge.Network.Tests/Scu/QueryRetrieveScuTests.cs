using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Network.Tests.Support;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Network.Tests.Scu;

public sealed class QueryRetrieveScuTests(ITestOutputHelper output) : IDisposable
{
    private const string StudyA = "1.2.826.0.1.3680043.8.498.11";
    private const string StudyB = "1.2.826.0.1.3680043.8.498.12";

    private readonly TestLoggerFactory _logs = new(output);
    private readonly TempDirectory _dir = new("edge-qr-scu");

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<ArchivedStudy> Studies()
    {
        var files = CorpusFiles.Storable(maxSize: 200_000).Select(f => f.Path).Where((_, i) => i % 5 == 0).Take(6).ToList();
        return [new ArchivedStudy(StudyA, "PAT-A", "Study A", files.Take(3).ToList()), new ArchivedStudy(StudyB, "PAT-B", "Study B", files.Skip(3).ToList())];
    }

    private static IEnumerable<InstanceFile> Instances(ArchivedStudy study) => study.Files.Select(InstanceFile.Open);

    private async Task<TestScp> StartAsync(StudyArchive archive, IReadOnlyList<ArchivedStudy> studies)
    {
        var storage = studies.SelectMany(Instances).Select(i => i.SopClassUid).Distinct();
        var policy = new PresentationContextPolicy()
            .Accept([DicomServiceUids.Verification, DicomServiceUids.StudyRootFind, DicomServiceUids.StudyRootGet, DicomServiceUids.StudyRootMove], TransferSyntax.ExplicitVRLittleEndian)
            .Accept(storage, CorpusFiles.AllSyntaxes);
        return await TestScp.StartAsync(new TestAcceptor(policy, () => archive), _logs);
    }

    private static DicomDataset StudyQuery(string? studyUid = null)
    {
        var query = new DicomDataset();
        query.SetString(StudyArchive.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        query.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid ?? "");
        query.SetString(StudyArchive.StudyDescription, DicomVR.LO, "");
        return query;
    }

    private static DicomClient Client() => new(new DicomClientOptions { CallingAeTitle = "EDGE_SCU" });

    [SkippableFact]
    public async Task Given_two_studies_When_we_find_at_study_level_Then_we_get_two_matches_and_a_final_success()
    {
        Corpus.RequireCorpus();
        var studies = Studies();
        await using var scp = await StartAsync(new StudyArchive(studies), studies);
        await using var association = await Client().AssociateAsync(scp.Peer, [new ContextProposal(DicomServiceUids.StudyRootFind, TransferSyntax.ExplicitVRLittleEndian)]);

        var responses = await association.FindAsync(DicomServiceUids.StudyRootFind, StudyQuery()).ToListAsync();

        responses.Should().HaveCount(3);
        responses[..2].Should().AllSatisfy(r => r.Status.Should().Be(DicomStatus.Pending));
        responses[..2].Select(r => r.Identifier!.GetString(DicomTags.StudyInstanceUID)).Should().BeEquivalentTo(StudyA, StudyB);
        responses[..2].Select(r => r.Identifier!.GetString(StudyArchive.StudyDescription)).Should().BeEquivalentTo("Study A", "Study B");
        responses[2].Status.Should().Be(DicomStatus.Success);
        responses[2].Identifier.Should().BeNull();
    }

    [SkippableFact]
    public async Task Given_a_long_query_When_we_cancel_after_the_first_match_Then_a_c_cancel_ends_it_and_the_association_goes_on()
    {
        Corpus.RequireCorpus();
        var studies = Studies();
        var archive = new StudyArchive(studies) { Repeat = 100, MatchDelay = TimeSpan.FromMilliseconds(20) };
        await using var scp = await StartAsync(archive, studies);
        await using var association = await Client().AssociateAsync(scp.Peer,
            [new ContextProposal(DicomServiceUids.StudyRootFind, TransferSyntax.ExplicitVRLittleEndian), new ContextProposal(DicomServiceUids.Verification, TransferSyntax.ExplicitVRLittleEndian)]);
        using var cancel = new CancellationTokenSource();

        var responses = new List<CFindResponse>();
        await foreach (var response in association.FindAsync(DicomServiceUids.StudyRootFind, StudyQuery(), cancel.Token))
        {
            responses.Add(response);
            await cancel.CancelAsync();
        }

        responses.Count.Should().BeLessThan(50);
        responses[^1].Status.Should().Be(DicomStatus.Cancel);
        archive.FindCancelled.Task.IsCompleted.Should().BeTrue();
        (await association.EchoAsync()).Status.Should().Be(DicomStatus.Success);
    }

    [SkippableFact]
    public async Task Given_a_caller_that_stops_reading_early_When_it_leaves_the_loop_Then_the_query_is_cancelled_and_the_association_goes_on()
    {
        Corpus.RequireCorpus();
        var studies = Studies();
        var archive = new StudyArchive(studies) { Repeat = 100, MatchDelay = TimeSpan.FromMilliseconds(10) };
        await using var scp = await StartAsync(archive, studies);
        await using var association = await Client().AssociateAsync(scp.Peer,
            [new ContextProposal(DicomServiceUids.StudyRootFind, TransferSyntax.ExplicitVRLittleEndian), new ContextProposal(DicomServiceUids.Verification, TransferSyntax.ExplicitVRLittleEndian)]);

        var first = await association.FindAsync(DicomServiceUids.StudyRootFind, StudyQuery()).FirstAsync();

        first.Status.Should().Be(DicomStatus.Pending);
        archive.FindCancelled.Task.IsCompleted.Should().BeTrue();
        (await association.EchoAsync()).Status.Should().Be(DicomStatus.Success);
    }

    [SkippableFact]
    public async Task Given_a_study_When_we_get_it_Then_its_files_arrive_in_our_store_provider_with_progress()
    {
        Corpus.RequireCorpus();
        var studies = Studies();
        await using var scp = await StartAsync(new StudyArchive(studies), studies);
        var store = new SpoolStore(Directory.CreateDirectory(_dir.Combine("get")).FullName);
        var instances = Instances(studies[0]).ToList();
        var proposals = new List<ContextProposal> { new(DicomServiceUids.StudyRootGet, TransferSyntax.ExplicitVRLittleEndian) };
        proposals.AddRange(DicomClient.StorageProposals(instances).Select(p => p with { ScuRole = false, ScpRole = true }));
        await using var association = await Client().AssociateAsync(scp.Peer, proposals);

        var responses = await association.GetAsync(DicomServiceUids.StudyRootGet, StudyQuery(StudyA), store.CreateProvider()).ToListAsync();

        responses[^1].Status.Should().Be(DicomStatus.Success);
        responses[^1].Completed.Should().Be(3);
        responses[^1].Failed.Should().Be(0);
        responses[..^1].Select(r => r.Remaining).Should().Equal(2, 1);
        store.Received.Select(r => r.SopInstanceUid).Should().BeEquivalentTo(instances.Select(i => i.SopInstanceUid));
        foreach (var received in store.Received)
        {
            var original = instances.Single(i => i.SopInstanceUid == received.SopInstanceUid);
            if (received.TransferSyntax.Equals(original.TransferSyntax) && !original.TransferSyntax.IsDeflated)
            {
                File.ReadAllBytes(received.Path).Should().Equal(CorpusFiles.DatasetBytes(original.Path));
            }
        }
    }

    [SkippableFact]
    public async Task Given_a_long_get_When_we_cancel_after_the_first_progress_Then_it_ends_with_cancel_and_what_remains()
    {
        Corpus.RequireCorpus();
        var studies = Studies();
        await using var scp = await StartAsync(new StudyArchive(studies) { Repeat = 200 }, studies);
        var store = new SpoolStore(Directory.CreateDirectory(_dir.Combine("get")).FullName);
        var proposals = new List<ContextProposal> { new(DicomServiceUids.StudyRootGet, TransferSyntax.ExplicitVRLittleEndian) };
        proposals.AddRange(DicomClient.StorageProposals(Instances(studies[0])).Select(p => p with { ScuRole = false, ScpRole = true }));
        await using var association = await Client().AssociateAsync(scp.Peer, proposals);
        using var cancel = new CancellationTokenSource();

        var responses = new List<RetrieveResponse>();
        await foreach (var response in association.GetAsync(DicomServiceUids.StudyRootGet, StudyQuery(StudyA), store.CreateProvider(), cancel.Token))
        {
            responses.Add(response);
            await cancel.CancelAsync();
        }

        responses[^1].Status.Should().Be(DicomStatus.Cancel);
        responses[^1].Remaining.Should().BeGreaterThan(0);
        (responses[^1].Completed + responses[^1].Remaining).Should().Be(600);
        store.Received.Should().HaveCount(responses[^1].Completed!.Value);
    }

    [SkippableFact]
    public async Task Given_storage_contexts_proposed_without_scp_role_When_we_get_Then_every_sub_operation_fails_and_the_list_says_which()
    {
        Corpus.RequireCorpus();
        var studies = Studies();
        await using var scp = await StartAsync(new StudyArchive(studies), studies);
        var store = new SpoolStore(Directory.CreateDirectory(_dir.Combine("get")).FullName);
        var proposals = new List<ContextProposal> { new(DicomServiceUids.StudyRootGet, TransferSyntax.ExplicitVRLittleEndian) };
        proposals.AddRange(DicomClient.StorageProposals(Instances(studies[0])));
        await using var association = await Client().AssociateAsync(scp.Peer, proposals);

        var responses = await association.GetAsync(DicomServiceUids.StudyRootGet, StudyQuery(StudyA), store.CreateProvider()).ToListAsync();

        association.Association.PresentationContexts.Should().Contain(c => c.IsAccepted && c.AbstractSyntax != DicomServiceUids.StudyRootGet);
        responses[^1].Status.Should().Be(DicomStatus.OutOfResourcesSubOperations);
        responses[^1].Failed.Should().Be(3);
        responses[^1].FailedSopInstanceUids.Should().BeEquivalentTo(Instances(studies[0]).Select(i => i.SopInstanceUid));
        store.Received.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Given_a_destination_When_we_move_a_study_Then_storescp_receives_it_and_we_see_the_counts()
    {
        Corpus.RequireCorpus();
        var studies = Studies();
        var archive = new StudyArchive(studies);
        await using var scp = await StartAsync(archive, studies);
        var target = Directory.CreateDirectory(_dir.Combine("move")).FullName;
        using var storescp = StoreScpProcess.Start(target);
        archive.Destinations["DEST"] = new DicomPeer("127.0.0.1", storescp.Port, StoreScpProcess.AeTitle);
        await using var association = await Client().AssociateAsync(scp.Peer, [new ContextProposal(DicomServiceUids.StudyRootMove, TransferSyntax.ExplicitVRLittleEndian)]);

        var responses = await association.MoveAsync(DicomServiceUids.StudyRootMove, "DEST", StudyQuery(StudyB)).ToListAsync();

        responses[^1].Status.Should().Be(DicomStatus.Success, responses[^1].ErrorComment);
        responses[^1].Completed.Should().Be(3);
        Directory.EnumerateFiles(target).Select(f => InstanceFile.Open(f).SopInstanceUid)
            .Should().BeEquivalentTo(Instances(studies[1]).Select(i => i.SopInstanceUid));
    }

    [SkippableFact]
    public async Task Given_an_unreachable_destination_When_we_move_Then_every_sub_operation_is_counted_failed()
    {
        Corpus.RequireCorpus();
        var studies = Studies();
        var archive = new StudyArchive(studies);
        archive.Destinations["GONE"] = new DicomPeer("127.0.0.1", FreePort.Next(), "GONE");
        await using var scp = await StartAsync(archive, studies);
        await using var association = await Client().AssociateAsync(scp.Peer, [new ContextProposal(DicomServiceUids.StudyRootMove, TransferSyntax.ExplicitVRLittleEndian)]);

        var responses = await association.MoveAsync(DicomServiceUids.StudyRootMove, "GONE", StudyQuery(StudyA)).ToListAsync();

        responses[^1].Status.Should().Be(DicomStatus.OutOfResourcesSubOperations);
        responses[^1].Failed.Should().Be(3);
    }
}
