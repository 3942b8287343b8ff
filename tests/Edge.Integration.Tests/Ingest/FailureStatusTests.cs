using System.Buffers.Binary;
using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Integration.Tests.Support;
using Edge.Testing;

namespace Edge.Integration.Tests.Ingest;

/// <summary>A daemon with an ordinary workspace and one whose quota is about ten kilobytes.</summary>
public sealed class FailureFixture : EdgedFixture
{
    public const string ProjectAe = "EDGE_PROJECT";
    public const string TinyAe = "EDGE_TINY";
    public const string SequenceAe = "EDGE_SEQUENCE";

    protected override IReadOnlyList<WorkspaceSpec> Workspaces =>
        [new("project", ProjectAe), new("tiny", TinyAe, QuotaGb: 0.00001), new("sequence", SequenceAe)];
}

/// <summary>
/// Instances edged cannot take answer with the status PS3.4 B.2.3 gives for the reason and an Error Comment that
/// names it; those it cannot de-identify (or even parse) are kept in quarantine with a record, never in a workspace.
/// Sent by our own SCU, which streams a file's data set exactly as it is on disk.
/// </summary>
public sealed class FailureStatusTests(FailureFixture fixture) : IClassFixture<FailureFixture>
{
    private readonly DicomClient _client = new(new DicomClientOptions { CallingAeTitle = "PACS", DimseTimeout = TimeSpan.FromSeconds(30) });

    private async Task<DimseResult> StoreAsync(string calledAe, string path)
    {
        await using var association = await _client.AssociateAsync(new DicomPeer("127.0.0.1", fixture.Edged.Port, calledAe),
            [new ContextProposal(SyntheticCt.CtImageStorage, TransferSyntax.ExplicitVRLittleEndian)]);
        var result = await association.StoreAsync(path);
        await association.ReleaseAsync();
        return result;
    }

    /// <summary>The spool holds the data only while the association that brought it is open.</summary>
    private Task<bool> SpoolEmptiedAsync() => Poll.UntilAsync(() => fixture.State.SpoolFiles().Count == 0, TimeSpan.FromSeconds(10));

    private IReadOnlyList<QuarantineRecord> NewQuarantineEntries(IReadOnlyList<QuarantineRecord> before) =>
        fixture.State.QuarantineEntries().Where(e => before.All(b => b.Id != e.Id)).ToList();

    [Fact]
    public async Task Given_a_data_set_that_breaks_off_inside_an_element_When_stored_Then_the_status_is_cannot_understand_and_the_data_is_quarantined_with_a_record()
    {
        var path = SyntheticCt.Save(SyntheticCt.Dataset(SyntheticCt.NewUid(), SyntheticCt.NewUid(), SyntheticCt.NewUid(), 1),
            Path.Combine(fixture.Scratch("broken"), "broken.dcm"));
        // A last element that claims 256 bytes of value and has 4.
        var tail = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(tail, 0x7FE1);
        BinaryPrimitives.WriteUInt16LittleEndian(tail.AsSpan(2), 0x0010);
        tail[4] = (byte)'L';
        tail[5] = (byte)'O';
        BinaryPrimitives.WriteUInt16LittleEndian(tail.AsSpan(6), 256);
        File.AppendAllBytes(path, tail);
        var before = fixture.State.QuarantineEntries();

        var result = await StoreAsync(FailureFixture.ProjectAe, path);

        result.Status.Code.Should().BeInRange(0xC000, 0xCFFF);
        result.ErrorComment.Should().StartWith("cannot understand the data set");
        var entry = NewQuarantineEntries(before).Should().ContainSingle().Subject;
        entry.Workspace.Should().Be("project");
        entry.Stage.Should().Be("parse");
        entry.CallingAeTitle.Should().Be("PACS");
        new FileInfo(fixture.State.QuarantinedData(entry.Id)).Length.Should().Be(entry.Size).And.BePositive();
        fixture.State.InstanceFiles("project").Should().BeEmpty();
        (await SpoolEmptiedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Given_a_large_instance_then_smaller_ones_on_one_association_When_stored_Then_each_is_handled_as_sent_without_the_rest_of_an_earlier_one()
    {
        var dir = fixture.Scratch("sequence");
        var large = SyntheticCt.Save(SyntheticCt.Dataset(SyntheticCt.NewUid(), SyntheticCt.NewUid(), SyntheticCt.NewUid(), 1, size: 256), Path.Combine(dir, "large.dcm"));
        var small = SyntheticCt.Save(SyntheticCt.Dataset(SyntheticCt.NewUid(), SyntheticCt.NewUid(), SyntheticCt.NewUid(), 2, size: 32), Path.Combine(dir, "small.dcm"));
        var broken = SyntheticCt.Save(SyntheticCt.Dataset(SyntheticCt.NewUid(), SyntheticCt.NewUid(), SyntheticCt.NewUid(), 3, size: 16), Path.Combine(dir, "broken.dcm"));
        // A last element that claims more value than the data set holds: only this data set's own bytes show it.
        File.AppendAllBytes(broken, [0xE1, 0x7F, 0x10, 0x00, (byte)'L', (byte)'O', 0x00, 0x01, 1, 2, 3, 4]);
        var before = fixture.State.QuarantineEntries();

        await using var association = await _client.AssociateAsync(new DicomPeer("127.0.0.1", fixture.Edged.Port, FailureFixture.SequenceAe),
            [new ContextProposal(SyntheticCt.CtImageStorage, TransferSyntax.ExplicitVRLittleEndian)]);
        var results = new List<DimseResult>();
        foreach (var path in new[] { large, small, broken })
        {
            results.Add(await association.StoreAsync(path));
        }
        await association.ReleaseAsync();

        results[0].Status.Should().Be(DicomStatus.Success);
        results[1].Status.Should().Be(DicomStatus.Success, "the small data set is read to its own end, not into what the large one left");
        results[2].Status.Code.Should().BeInRange(0xC000, 0xCFFF);
        var stored = fixture.State.InstanceFiles("sequence").Select(f => DicomFile.Open(f)).ToList();
        try
        {
            stored.Select(f => f.Dataset.GetUInt16(DicomTags.Rows)).Should().BeEquivalentTo(new ushort?[] { 256, 32 });
        }
        finally
        {
            stored.ForEach(f => f.Dispose());
        }
        var entry = NewQuarantineEntries(before).Should().ContainSingle().Subject;
        var quarantined = File.ReadAllBytes(fixture.State.QuarantinedData(entry.Id));
        quarantined.Length.Should().Be((int)entry.Size);
        File.ReadAllBytes(broken).AsSpan().EndsWith(quarantined).Should().BeTrue("the quarantine holds exactly the data set that was sent");
        (await SpoolEmptiedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Given_an_instance_without_a_study_instance_uid_When_stored_Then_it_fails_as_not_de_identifiable_and_is_quarantined()
    {
        var dataset = SyntheticCt.Dataset(SyntheticCt.NewUid(), SyntheticCt.NewUid(), SyntheticCt.NewUid(), 1);
        dataset.Remove(DicomTags.StudyInstanceUID);
        var path = SyntheticCt.Save(dataset, Path.Combine(fixture.Scratch("no-study"), "no-study.dcm"));
        var before = fixture.State.QuarantineEntries();

        var result = await StoreAsync(FailureFixture.ProjectAe, path);

        result.Status.Should().Be(DicomStatus.ProcessingFailure);
        result.ErrorComment.Should().Contain("held for review");
        var entry = NewQuarantineEntries(before).Should().ContainSingle().Subject;
        entry.Stage.Should().Be("deidentify");
        entry.Reason.Should().Contain("StudyInstanceUID");
        entry.SopClassUid.Should().Be(SyntheticCt.CtImageStorage);
        fixture.State.InstanceFiles("project").Should().BeEmpty();
        (await SpoolEmptiedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Given_a_workspace_over_its_quota_When_an_instance_is_stored_Then_the_status_is_out_of_resources_and_nothing_is_kept()
    {
        var path = SyntheticCt.Save(SyntheticCt.Dataset(SyntheticCt.NewUid(), SyntheticCt.NewUid(), SyntheticCt.NewUid(), 1, size: 128),
            Path.Combine(fixture.Scratch("quota"), "big.dcm"));
        var before = fixture.State.QuarantineEntries();

        var result = await StoreAsync(FailureFixture.TinyAe, path);

        result.Status.Should().Be(DicomStatus.OutOfResources);
        result.Status.Code.Should().Be(0xA700);
        result.ErrorComment.Should().Contain("over its quota");
        NewQuarantineEntries(before).Should().BeEmpty("a refusal is not a de-identification problem");
        fixture.State.InstanceFiles("tiny").Should().BeEmpty();
        (await SpoolEmptiedAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Given_a_data_set_whose_sop_instance_uid_differs_from_the_command_When_stored_Then_the_status_is_data_set_does_not_match()
    {
        var sent = SyntheticCt.Dataset(SyntheticCt.NewUid(), SyntheticCt.NewUid(), SyntheticCt.NewUid(), 1);
        using var dataset = new MemoryStream();
        using (var file = DicomFile.Create(sent, TransferSyntax.ExplicitVRLittleEndian))
        {
            file.WriteDataset(dataset);
        }
        using var peer = await RawDicomPeer.ConnectAsync(fixture.Edged.Port);
        await peer.AssociateAsync(FailureFixture.ProjectAe, "PACS", SyntheticCt.CtImageStorage);

        await peer.SendAsync(RawDicomPeer.PData(1, command: true, last: true, RawDicomPeer.CStoreRequest(7, SyntheticCt.CtImageStorage, SyntheticCt.NewUid())));
        await peer.SendAsync(RawDicomPeer.PData(1, command: false, last: true, dataset.ToArray()));
        var response = await peer.ReadPduAsync(TimeSpan.FromSeconds(30));

        response.Should().NotBeNull();
        RawDicomPeer.ResponseStatus(response!).Should().Be(0xA900);
        fixture.State.InstanceFiles("project").Should().BeEmpty();
    }
}
