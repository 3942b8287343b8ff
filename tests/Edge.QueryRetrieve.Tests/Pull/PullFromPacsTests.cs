using System.Text.Json;
using Edge.Daemon.Pull;
using Edge.Dicom.Data;
using Edge.QueryRetrieve.Tests.Support;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.Pull;

/// <summary>The pull engine against Orthanc: C-FIND, then C-MOVE to the workspace's AE title, into a running edged.</summary>
[Collection(PullCollection.Name)]
public sealed class PullFromPacsTests(PullFixture fixture)
{
    private static readonly TimeSpan PullTimeout = TimeSpan.FromMinutes(2);

    private static async Task<PullProgress> RunToEndAsync(PullEngine engine, string pullId)
    {
        using var timeout = new CancellationTokenSource(PullTimeout);
        PullProgress? last = null;
        await foreach (var progress in engine.WatchAsync(pullId, timeout.Token))
        {
            last = progress;
        }
        return last!;
    }

    /// <summary>The accession number seed_phi gave a seeded file, and the file's Study Instance UID.</summary>
    private (string Accession, string StudyUid) SeededStudy(string name)
    {
        using var key = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.SeededDirectory, name + ".key.json")));
        var accession = key.RootElement.GetProperty("phi").EnumerateArray()
            .First(p => p.GetProperty("element").GetString() == "AccessionNumber").GetProperty("value").GetString()!;
        return (accession, key.RootElement.GetProperty("original_study_uid").GetString()!);
    }

    private void RequireNoLeak(string workspace)
    {
        var leaks = ExternalTool.RunSharedTool("leakcheck.py", ["--keys", fixture.SeededDirectory, Path.Combine(fixture.StateDirectory, "workspaces", workspace)]);
        leaks.ExitCode.Should().Be(0, leaks.Output);
        leaks.StdOut.Should().Contain("leaks: 0 in 0 files");
    }

    [SkippableFact]
    public async Task Given_an_accession_number_When_pulled_Then_its_study_arrives_de_identified_and_no_identifier_is_logged()
    {
        fixture.RequireReady();
        var (accession, studyUid) = SeededStudy("highdicom__ct_image.dcm");
        var logs = new LogCapture();
        await using var engine = fixture.OpenEngine(logs.Factory());

        var pull = engine.Start(new PullRequest("pacc", PullSelection.ByAccessionNumber(accession), "tester", "project intake"));
        var end = await RunToEndAsync(engine, pull.PullId);

        end.Should().Match<PullProgress>(p => p.State == PullState.Completed && p.StudiesTotal == 1 && p.StudiesDone == 1
            && p.InstancesReceived == 1 && p.InstancesFailed == 0, end.ToString());
        var stored = fixture.WorkspaceFiles("pacc").Should().ContainSingle().Subject;
        using (var file = DicomFile.Open(stored))
        {
            file.Dataset.GetString(DicomTags.StudyInstanceUID).Should().NotBe(studyUid);
            file.Dataset.GetString(DicomTags.AccessionNumber).Should().NotBe(accession);
        }
        RequireNoLeak("pacc");
        logs.Messages.Should().Contain(m => m.Contains(pull.PullId, StringComparison.Ordinal))
            .And.NotContain(m => m.Contains(accession, StringComparison.Ordinal) || m.Contains(studyUid, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Given_a_study_instance_UID_When_pulled_Then_that_study_only_arrives_de_identified()
    {
        fixture.RequireReady();
        var (_, studyUid) = SeededStudy("flywheel-deidentification__tcia_dicom_1-01.dcm");
        await using var engine = fixture.OpenEngine();

        var pull = engine.Start(new PullRequest("puid", PullSelection.ByStudyInstanceUid(studyUid), "tester"));
        var end = await RunToEndAsync(engine, pull.PullId);

        end.Should().Match<PullProgress>(p => p.State == PullState.Completed && p.StudiesDone == 1 && p.InstancesReceived == 1, end.ToString());
        fixture.WorkspaceFiles("puid").Should().ContainSingle();
        RequireNoLeak("puid");
    }

    [SkippableFact]
    public async Task Given_a_patient_and_a_study_date_range_When_pulled_Then_only_that_patients_studies_within_the_range_arrive()
    {
        fixture.RequireReady();
        var patient = fixture.PerfManifest.GetProperty("patients")[0];
        var studies = fixture.PerfManifest.GetProperty("studies").EnumerateArray().Where(s => s.GetProperty("patient").GetInt32() == 0)
            .Select(s => s.GetProperty("date").GetString()!).Order(StringComparer.Ordinal).ToList();
        studies.Should().HaveCountGreaterThan(1);
        await using var engine = fixture.OpenEngine();

        var pull = engine.Start(new PullRequest("ppat", PullSelection.ByPatient(patient.GetProperty("id").GetString()!, null, studies[0]), "tester"));
        var end = await RunToEndAsync(engine, pull.PullId);

        end.Should().Match<PullProgress>(p => p.State == PullState.Completed && p.StudiesTotal == 1 && p.InstancesReceived == 6, end.ToString());
        var files = fixture.WorkspaceFiles("ppat");
        files.Should().HaveCount(6);
        var name = patient.GetProperty("name").GetString()!;
        files.Should().OnlyContain(f => !System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f)).Contains(name, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Given_a_study_list_with_a_key_the_PACS_does_not_know_When_pulled_Then_the_others_arrive_and_the_miss_is_told()
    {
        fixture.RequireReady();
        var (accession, _) = SeededStudy("highdicom__dx_image.dcm");
        await using var engine = fixture.OpenEngine();

        var pull = engine.Start(new PullRequest("plst", PullSelection.ByStudies([StudyKey.ByAccessionNumber(accession), StudyKey.ByAccessionNumber("NO-SUCH-ACC")]),
            "tester"));
        var end = await RunToEndAsync(engine, pull.PullId);

        end.Should().Match<PullProgress>(p => p.State == PullState.Completed && p.StudiesTotal == 1 && p.InstancesReceived == 1, end.ToString());
        end.Problem.Should().Be("1 of 2 requested keys matched no study in the PACS.");
        fixture.WorkspaceFiles("plst").Should().ContainSingle();
    }

    [SkippableFact]
    public async Task Given_a_pull_recorded_while_the_PACS_was_unreachable_When_a_new_engine_resumes_it_Then_its_recorded_selection_is_found_and_moved()
    {
        fixture.RequireReady();
        var patient = fixture.PerfManifest.GetProperty("patients")[1].GetProperty("id").GetString()!;
        var dates = fixture.PerfManifest.GetProperty("studies").EnumerateArray().Where(s => s.GetProperty("patient").GetInt32() == 1)
            .Select(s => s.GetProperty("date").GetString()!).ToList();
        string pullId;
        await using (var down = fixture.OpenEngine(pacsPort: FreePort.Next()))
        {
            pullId = down.Start(new PullRequest("pret", PullSelection.ByPatient(patient, dates.Min(StringComparer.Ordinal), null), "tester")).PullId;
            (await RunToEndAsync(down, pullId)).State.Should().Be(PullState.Failed);
        }

        await using var engine = fixture.OpenEngine();
        engine.Resume(pullId);
        var end = await RunToEndAsync(engine, pullId);

        end.Should().Match<PullProgress>(p => p.State == PullState.Completed && p.StudiesTotal == dates.Count && p.InstancesReceived == 6 * dates.Count,
            end.ToString());
        fixture.WorkspaceFiles("pret").Should().HaveCount(6 * dates.Count);
    }

    [SkippableFact]
    public async Task Given_a_pull_killed_in_the_middle_When_edged_restarts_and_the_pull_resumes_Then_every_instance_is_there_once_and_done_studies_are_not_moved_again()
    {
        fixture.RequireReady();
        var studies = fixture.PerfManifest.GetProperty("studies").EnumerateArray().ToList();
        var keys = studies.Select((s, i) => i % 2 == 0
            ? StudyKey.ByStudyInstanceUid(s.GetProperty("uid").GetString()!)
            : StudyKey.ByAccessionNumber(s.GetProperty("accession").GetString()!)).ToList();
        var pulls = Path.Combine(fixture.StateDirectory, "pulls");
        using var crashImage = new TempDirectory("edge-qr-crash");
        string pullId;

        await using (var first = fixture.OpenEngine())
        {
            pullId = first.Start(new PullRequest("pres", PullSelection.ByStudies(keys), "tester")).PullId;
            using var timeout = new CancellationTokenSource(PullTimeout);
            await foreach (var progress in first.WatchAsync(pullId, timeout.Token))
            {
                if (progress.StudiesDone >= 1)
                {
                    // The state files as a crash at this instant leaves them (each is replaced atomically), then edged dies.
                    foreach (var f in Directory.EnumerateFiles(pulls))
                    {
                        File.Copy(f, Path.Combine(crashImage.Path, Path.GetFileName(f)));
                    }
                    fixture.Edged.Kill();
                    break;
                }
            }
            (await RunToEndAsync(first, pullId)).State.Should().NotBe(PullState.Completed, "edged died under the pull");
        }
        foreach (var f in Directory.EnumerateFiles(pulls))
        {
            File.Delete(f);
        }
        foreach (var f in Directory.EnumerateFiles(crashImage.Path))
        {
            File.Copy(f, Path.Combine(pulls, Path.GetFileName(f)));
        }
        var beforeResume = fixture.WorkspaceFiles("pres").ToDictionary(f => f, File.GetLastWriteTimeUtc);
        fixture.RestartEdged();

        await using var second = fixture.OpenEngine();
        second.Get(pullId).Progress.State.Should().Be(PullState.Interrupted);
        second.Resume(pullId);
        var end = await RunToEndAsync(second, pullId);

        end.Should().Match<PullProgress>(p => p.State == PullState.Completed && p.StudiesDone == 4 && p.InstancesReceived == 24, end.ToString());
        var found = Dcmtk.Find(fixture.Edged.Port, "PRES", "CHECK", Model.StudyRoot, "IMAGE", "SOPInstanceUID");
        found.Values(DicomTags.SOPInstanceUID).Should().HaveCount(24).And.OnlyHaveUniqueItems();
        fixture.WorkspaceFiles("pres").Should().HaveCount(24);
        beforeResume.Count(kv => File.Exists(kv.Key) && File.GetLastWriteTimeUtc(kv.Key) == kv.Value)
            .Should().BeGreaterThanOrEqualTo(6, "the study done before the crash was skipped, its six files untouched");
    }
}
