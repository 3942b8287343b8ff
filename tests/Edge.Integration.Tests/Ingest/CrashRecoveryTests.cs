using Edge.Deid.Pseudonyms;
using Edge.Dicom.Data;
using Edge.Integration.Tests.Support;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Integration.Tests.Ingest;

/// <summary>
/// kill -9 of the daemon in the middle of a storescu run: what it acknowledged must have been durable, what it did
/// not may be sent again, and nothing half-written may be left anywhere once it is back.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int Instances = 400;
    private const string Workspace = "crash";
    private const string CalledAe = "EDGE_CRASH";

    private readonly TempDirectory _directory = new("edge-it-crash");

    public void Dispose() => _directory.Dispose();

    [SkippableFact]
    public async Task Given_a_storescu_run_When_edged_is_killed_and_restarted_Then_every_acknowledged_instance_is_intact_and_mapped_and_nothing_partial_remains()
    {
        ExternalTool.Require("storescu");
        var files = SyntheticCt.Study(_directory.Combine("in"), Instances);
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var config = EdgeConfig.Write(_directory.Path, [new WorkspaceSpec(Workspace, CalledAe)]);
        var state = new EdgeState(_directory.Combine("state"));

        // First run: killed once a quarter of the instances are acknowledged.
        StoreScuRun interrupted;
        await using (var edged = await EdgedProcess.StartAsync(state.Root, config))
        {
            await using var scu = StoreScu.Start(edged.Port, CalledAe, [], files.Select(f => f.Path));
            await scu.WaitForSuccessesAsync(Instances / 4, TimeSpan.FromSeconds(120));
            await edged.KillHardAsync();
            interrupted = await scu.WaitAsync(TimeSpan.FromSeconds(60));
        }
        var acknowledged = interrupted.Succeeded.Select(o => byPath[o.File]).ToList();
        output.WriteLine($"{acknowledged.Count} of {Instances} acknowledged before the kill");
        var key = await LedgerView.KeyAsync(state.Root, Workspace);

        // Second run: recovery at start, then everything sent again.
        StoreScuRun resent;
        List<string> partialAfterRestart;
        List<string> missingAfterRestart;
        await using (var edged = await EdgedProcess.StartAsync(state.Root, config))
        {
            partialAfterRestart = [.. state.PartialFiles()];
            missingAfterRestart = acknowledged.Where(i => !File.Exists(PathOf(state, key, i))).Select(i => i.Path).ToList();
            resent = await StoreScu.RunAsync(edged.Port, CalledAe, [], files.Select(f => f.Path));
            (await edged.TerminateAsync()).Should().Be(0);
        }
        var ledger = await LedgerView.ReadAsync(state.Root, Workspace, _directory.Combine("crosswalk"));

        acknowledged.Should().NotBeEmpty().And.HaveCountLessThan(Instances, "the kill came in the middle of the run");
        partialAfterRestart.Should().BeEmpty("spool and staging are emptied before the daemon takes associations again");
        missingAfterRestart.Should().BeEmpty("an acknowledged instance was durable");
        foreach (var instance in acknowledged)
        {
            using var stored = DicomFile.Open(PathOf(state, key, instance));
            stored.Dataset.GetString(DicomTags.SOPInstanceUID).Should().Be(key.MapUid(instance.SopInstanceUid));
            stored.Dataset.GetString(DicomTags.PatientName).Should().NotBeNullOrEmpty().And.NotBe("DOE^JANE");
            stored.Dataset.Get(DicomTags.PixelData).Should().BeOfType<DicomValueElement>().Which.Length.Should().Be(64 * 64 * 2);
            ledger.UidCrosswalk.Should().Contain(instance.SopInstanceUid, key.MapUid(instance.SopInstanceUid));
            ledger.UidCrosswalk.Should().Contain(instance.StudyUid, key.MapUid(instance.StudyUid));
        }
        resent.Succeeded.Should().HaveCount(Instances, resent.Output);
        state.InstanceFiles(Workspace).Should().HaveCount(Instances);
        files.Should().OnlyContain(f => ledger.UidCrosswalk.ContainsKey(f.SopInstanceUid));
        state.PartialFiles().Should().BeEmpty();
    }

    /// <summary>Where edged files an instance: STUDY/SERIES/INSTANCE.dcm, all pseudonymised.</summary>
    private static string PathOf(EdgeState state, WorkspaceKey key, SyntheticInstance instance) =>
        Path.Combine(state.WorkspaceDirectory(Workspace), key.MapUid(instance.StudyUid), key.MapUid(instance.SeriesUid),
            key.MapUid(instance.SopInstanceUid) + ".dcm");
}
