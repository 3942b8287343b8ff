using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.Dicom.Data;
using Edge.QueryRetrieve.Tests.Support;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.EndToEnd;

/// <summary>
/// <c>edgectl pull</c> with the real binaries: edgectl asks edged, edged finds the studies in Orthanc (C-FIND) and has
/// Orthanc send them to the workspace's AE title (C-MOVE), and they arrive de-identified through edged's C-STORE path.
/// </summary>
[Collection(PullEndToEndCollection.Name)]
public sealed partial class PullEndToEndTests(PullEndToEndFixture fixture)
{
    private const int PerfInstances = PullEndToEndFixture.PerfStudies * PullEndToEndFixture.InstancesPerStudy;
    private static readonly TimeSpan PullTimeout = TimeSpan.FromSeconds(60);

    private static readonly string[] s_progressKeys =
    [
        "pull_id", "state", "studies_total", "studies_done", "studies_failed", "instances_received", "instances_failed",
        "instances_warning", "updated_at", "problem",
    ];

    [SkippableFact]
    public void Given_an_accession_number_in_the_PACS_When_edgectl_pulls_it_Then_it_prints_progress_exits_0_and_the_study_arrives_de_identified_without_identifiers_in_edged_output()
    {
        fixture.RequireReady();
        var seeded = fixture.Seeded("highdicom__ct_image.dcm");

        var pull = fixture.RunEdgectl("pull", "--workspace", "e2e-acc", "--accession", seeded.AccessionNumber, "--reason", "intake of protocol 7");

        pull.ExitCode.Should().Be(0, pull.Output);
        ProgressLines(pull.StdErr).Should().NotBeEmpty().And.Subject.Last().Should().Be("completed: 1/1 studies done, 0 failed, 1 instances received");
        pull.StdOut.Should().MatchRegex(@"State\s+completed").And.MatchRegex(@"Studies\s+1 done, 0 failed, of 1")
            .And.MatchRegex(@"Instances\s+1 received, 0 failed, 0 with warnings");
        RequireUsage("e2e-acc", patients: 1, studies: 1, instances: 1);
        var stored = fixture.WorkspaceFiles("e2e-acc").Should().ContainSingle().Subject;
        RequireDeidentified([stored], seeded.OriginalUids, [seeded.PatientId, seeded.AccessionNumber, seeded.PatientName]);
        RequireNoLeak("e2e-acc");
        RequireNotPrinted(seeded.AccessionNumber, seeded.StudyInstanceUid, seeded.PatientId);
    }

    [SkippableFact]
    public void Given_a_study_UID_in_the_PACS_When_edgectl_pulls_it_with_json_Then_each_update_is_one_JSON_line_and_the_study_arrives_de_identified_without_identifiers_in_edged_output()
    {
        fixture.RequireReady();
        var seeded = fixture.Seeded("flywheel-deidentification__tcia_dicom_1-01.dcm");

        var pull = fixture.RunEdgectl("--json", "pull", "--workspace", "e2e-uid", "--study-uid", seeded.StudyInstanceUid);

        pull.ExitCode.Should().Be(0, pull.Output);
        pull.StdErr.Should().BeEmpty("--json prints progress as JSON lines on standard output only");
        var updates = pull.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        updates.Should().OnlyContain(u => u.EnumerateObject().Select(p => p.Name).SequenceEqual(s_progressKeys));
        updates.Select(u => u.GetProperty("pull_id").GetString()).Distinct().Should().ContainSingle();
        updates.Select(u => u.GetProperty("instances_received").GetInt64()).Should().BeInAscendingOrder();
        var last = updates[^1];
        last.GetProperty("state").GetString().Should().Be("completed");
        (last.GetProperty("studies_total").GetInt32(), last.GetProperty("studies_done").GetInt32(), last.GetProperty("instances_received").GetInt64())
            .Should().Be((1, 1, 1L));
        last.GetProperty("problem").ValueKind.Should().Be(JsonValueKind.Null);
        RequireUsage("e2e-uid", patients: 1, studies: 1, instances: 1);
        RequireDeidentified(fixture.WorkspaceFiles("e2e-uid"), seeded.OriginalUids, [seeded.PatientId, seeded.AccessionNumber, seeded.PatientName]);
        RequireNoLeak("e2e-uid");
        RequireNotPrinted(seeded.StudyInstanceUid, seeded.AccessionNumber, seeded.PatientId);
    }

    [SkippableFact]
    public void Given_an_accession_number_the_PACS_does_not_know_When_edgectl_pulls_it_Then_the_pull_completes_with_no_study_says_so_and_exits_5_without_printing_it()
    {
        fixture.RequireReady();
        const string unknown = "NOACC20991231";

        var pull = fixture.RunEdgectl("pull", "--workspace", "e2e-unknown", "--accession", unknown);

        pull.ExitCode.Should().Be(5, pull.Output);
        pull.StdOut.Should().MatchRegex(@"State\s+completed").And.MatchRegex(@"Studies\s+0 done, 0 failed, of 0")
            .And.Contain("1 of 1 requested keys matched no study in the PACS.");
        fixture.WorkspaceFiles("e2e-unknown").Should().BeEmpty();
        RequireNotPrinted(unknown);
    }

    [SkippableFact]
    public async Task Given_a_cohort_being_pulled_When_edged_is_killed_and_restarted_Then_the_pull_resumes_by_itself_and_completes_without_duplicates_or_identifiers_in_edged_output()
    {
        fixture.RequireReady();
        var perf = fixture.Perf();
        var cohort = Path.Combine(fixture.Scratch, "cohort.csv");
        // Half the studies by UID, half by accession number, as a cohort file mixes them.
        await File.WriteAllLinesAsync(cohort, perf.Studies.Select((s, i) => i % 2 == 0 ? s.Uid : s.Accession));

        var (pullId, done, before) = await StopInTheMiddleAsync("e2e-kill", ["--file", cohort], fixture.KillEdged, expectInterruptedReport: false);
        fixture.RestartEdged();

        // Nobody asks: edged resumes the interrupted pull at start.
        var resumed = await WaitForStateAsync(pullId, "completed");
        resumed.GetProperty("studies_done").GetInt32().Should().Be(PullEndToEndFixture.PerfStudies);
        var attach = fixture.RunEdgectl("pull", "resume", pullId);
        attach.ExitCode.Should().Be(0, attach.Output);
        attach.StdOut.Should().MatchRegex(@"State\s+completed");
        RequireResumedWithoutDuplicates("e2e-kill", done, before);
        RequireNotPrinted([perf.PatientId, .. perf.Studies.Select(s => s.Uid), .. perf.Studies.Select(s => s.Accession)]);
    }

    [SkippableFact]
    public async Task Given_a_patients_studies_being_pulled_When_edged_is_stopped_with_SIGTERM_and_restarted_Then_edgectl_pull_resume_follows_it_to_completion_without_duplicates_or_identifiers_in_edged_output()
    {
        fixture.RequireReady();
        var perf = fixture.Perf();
        var dates = perf.Studies.Select(s => s.Date).Order(StringComparer.Ordinal).ToList();

        var (pullId, done, before) = await StopInTheMiddleAsync("e2e-term", ["--patient-id", perf.PatientId, "--from", dates[0], "--to", dates[^1]],
            fixture.StopEdged, expectInterruptedReport: true);
        fixture.RestartEdged();

        var resume = fixture.RunEdgectl("pull", "resume", pullId);

        resume.ExitCode.Should().Be(0, resume.Output);
        resume.StdOut.Should().MatchRegex(@"State\s+completed").And.MatchRegex($@"Studies\s+{PullEndToEndFixture.PerfStudies} done, 0 failed");
        ProgressLines(resume.StdErr).Should().NotBeEmpty().And.Subject.Last().Should().StartWith($"completed: {PullEndToEndFixture.PerfStudies}/{PullEndToEndFixture.PerfStudies} studies done");
        RequireResumedWithoutDuplicates("e2e-term", done, before);
        RequireNotPrinted([perf.PatientId, .. perf.Studies.Select(s => s.Uid)]);
    }

    [SkippableFact]
    public void Given_an_edged_without_a_pacs_When_edgectl_pulls_Then_it_exits_1_with_FAILED_PRECONDITION_naming_the_missing_pacs_section_and_records_nothing()
    {
        fixture.RequireReady();
        using var state = new TempDirectory("edge-qr-nopacs");
        using var edged = EdgedProcess.Start(state.Path);
        var socket = Path.Combine(state.Path, "control.sock");

        var pull = PullEndToEndFixture.RunEdgectl(socket, "pull", "--workspace", "default", "--accession", "NOPACS424242");
        var json = PullEndToEndFixture.RunEdgectl(socket, "--json", "pull", "--workspace", "default", "--study-uid", "1.2.999.424242");

        pull.ExitCode.Should().Be(1, pull.Output);
        pull.StdErr.Should().Contain("FAILED_PRECONDITION").And.Contain("No PACS is configured").And.Contain("pacs section");
        json.ExitCode.Should().Be(1);
        var error = JsonDocument.Parse(json.StdErr).RootElement.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("FAILED_PRECONDITION");
        error.GetProperty("message").GetString().Should().Contain("pacs section");
        var list = PullEndToEndFixture.RunEdgectl(socket, "--json", "pull", "list", "--all");
        list.ExitCode.Should().Be(0, list.Output);
        JsonDocument.Parse(list.StdOut).RootElement.GetProperty("pulls").GetArrayLength().Should().Be(0);
        edged.Output.Should().NotContain("NOPACS424242").And.NotContain("1.2.999.424242");
    }

    /// <summary>
    /// Starts a pull with edgectl --json and stops edged once a study is done and others are still to come. Returns
    /// the pull, how many studies edged had recorded as done (its state file as the stop left it), and the
    /// workspace's files with their modification times at that moment.
    /// </summary>
    private async Task<(string PullId, int Done, Dictionary<string, DateTime> Files)> StopInTheMiddleAsync(string workspace, string[] selection,
        Action stop, bool expectInterruptedReport)
    {
        using var pull = fixture.StartEdgectl(["--json", "pull", "--workspace", workspace, .. selection]);
        string? pullId = null;
        while (await pull.NextLineAsync(PullTimeout) is { } line)
        {
            var progress = JsonDocument.Parse(line).RootElement;
            pullId = progress.GetProperty("pull_id").GetString();
            progress.GetProperty("state").GetString().Should().NotBe("completed", "edged must be stopped while studies are still moving");
            if (progress.GetProperty("studies_done").GetInt32() >= 1)
            {
                break;
            }
        }
        pullId.Should().NotBeNull(pull.StdErr);
        stop();

        var rest = new List<string>();
        while (await pull.NextLineAsync(PullTimeout) is { } line)
        {
            rest.Add(line);
        }
        var exit = await pull.ExitCodeAsync(PullTimeout);
        if (expectInterruptedReport)
        {
            // A clean stop tells the follower how the pull ended before the socket closes.
            exit.Should().Be(6, pull.StdErr);
            var last = JsonDocument.Parse(rest.Should().NotBeEmpty().And.Subject.Last()).RootElement;
            last.GetProperty("state").GetString().Should().Be("interrupted");
            last.GetProperty("problem").GetString().Should().Be("Interrupted by a shutdown.");
        }
        else
        {
            exit.Should().Be(3, "edged died under the pull: edgectl reports UNAVAILABLE");
        }

        using var state = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(fixture.StateDirectory, "pulls", pullId + ".json")));
        var studies = state.RootElement.GetProperty("studies").EnumerateArray().ToList();
        studies.Should().HaveCount(PullEndToEndFixture.PerfStudies);
        var done = studies.Count(s => s.GetProperty("state").GetString() == "Done");
        done.Should().BeInRange(1, PullEndToEndFixture.PerfStudies - 1, "edged was stopped in the middle of the pull");
        return (pullId!, done, fixture.WorkspaceFiles(workspace).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    /// <summary>The pull as edgectl pull list shows it, once it has reached <paramref name="state"/>.</summary>
    private async Task<JsonElement> WaitForStateAsync(string pullId, string state)
    {
        var deadline = DateTime.UtcNow + PullTimeout;
        while (true)
        {
            var pull = fixture.Json("pull", "list", "--all").GetProperty("pulls").EnumerateArray()
                .Single(p => p.GetProperty("pull_id").GetString() == pullId).GetProperty("progress");
            if (pull.GetProperty("state").GetString() == state)
            {
                return pull;
            }
            DateTime.UtcNow.Should().BeBefore(deadline, $"the pull should reach {state}; it is {pull}");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Every study of the synthetic patient is in the workspace once: as many instances in the index and on disk as
    /// distinct SOP Instance UIDs were loaded into Orthanc; since the restart edged stored exactly the instances of the
    /// studies not done before it (none of a done study came again), and the done studies' files were left untouched.
    /// </summary>
    private void RequireResumedWithoutDuplicates(string workspace, int doneBefore, Dictionary<string, DateTime> filesBefore)
    {
        var stored = fixture.Json("ingest", "status").GetProperty("throughput").GetProperty("instances_stored").GetInt64();
        stored.Should().Be((PullEndToEndFixture.PerfStudies - doneBefore) * PullEndToEndFixture.InstancesPerStudy,
            $"{doneBefore} studies were done before the restart and must not be sent again");
        RequireUsage(workspace, patients: 1, studies: PullEndToEndFixture.PerfStudies, instances: PerfInstances);
        var files = fixture.WorkspaceFiles(workspace);
        files.Should().HaveCount(PerfInstances);
        var sent = Directory.EnumerateFiles(fixture.PerfDirectory, "*.dcm", SearchOption.AllDirectories).Select(Uid(DicomTags.SOPInstanceUID)).ToHashSet();
        sent.Should().HaveCount(PerfInstances);
        files.Select(Uid(DicomTags.SOPInstanceUID)).Should().OnlyHaveUniqueItems().And.HaveCount(sent.Count).And.NotIntersectWith(sent);
        filesBefore.Count(kv => File.Exists(kv.Key) && File.GetLastWriteTimeUtc(kv.Key) == kv.Value)
            .Should().BeGreaterThanOrEqualTo(doneBefore * PullEndToEndFixture.InstancesPerStudy, "the files of the studies done before the restart were not written again");
        var perf = fixture.Perf();
        RequireDeidentified(files, [.. sent, .. perf.Studies.Select(s => s.Uid)], [perf.PatientId, perf.PatientName, .. perf.Studies.Select(s => s.Accession)]);
    }

    private static Func<string, string> Uid(DicomTag tag) => path =>
    {
        using var file = DicomFile.Open(path);
        return file.Dataset.GetString(tag) ?? "";
    };

    /// <summary>
    /// Each file has a keyed pseudonym as patient ID, new UIDs, the de-identification recorded, and none of the
    /// original UIDs or identifiers anywhere in its bytes.
    /// </summary>
    private static void RequireDeidentified(IReadOnlyCollection<string> files, IReadOnlyCollection<string> originalUids, IReadOnlyCollection<string> identifiers)
    {
        files.Should().NotBeEmpty();
        foreach (var path in files)
        {
            using (var file = DicomFile.Open(path))
            {
                var d = file.Dataset;
                d.GetString(DicomTags.PatientID).Should().MatchRegex("^P[A-Z2-7]{12}$", "the patient ID is a keyed pseudonym");
                foreach (var tag in new[] { DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.SOPInstanceUID })
                {
                    var uid = d.GetString(tag);
                    uid.Should().StartWith("2.25.");
                    originalUids.Should().NotContain(uid);
                }
                d.GetString(DicomTags.PatientIdentityRemoved).Should().Be("YES");
                d.GetString(DicomTags.DeidentificationMethod).Should().StartWith("Edge ");
            }
            var bytes = Encoding.Latin1.GetString(File.ReadAllBytes(path));
            foreach (var value in originalUids.Concat(identifiers))
            {
                bytes.Should().NotContain(value, $"{Path.GetFileName(path)} must not hold an original identifier");
            }
        }
    }

    private void RequireUsage(string workspace, long patients, long studies, long instances)
    {
        var usage = fixture.Json("workspace", "show", workspace).GetProperty("usage");
        (usage.GetProperty("patients").GetInt64(), usage.GetProperty("studies").GetInt64(), usage.GetProperty("instances").GetInt64())
            .Should().Be((patients, studies, instances));
    }

    /// <summary>leakcheck.py finds none of the PHI seed_phi.py injected in the workspace.</summary>
    private void RequireNoLeak(string workspace)
    {
        var leaks = ExternalTool.RunSharedTool("leakcheck.py", ["--keys", fixture.SeededDirectory, Path.Combine(fixture.StateDirectory, "workspaces", workspace)]);
        leaks.ExitCode.Should().Be(0, leaks.Output);
        leaks.StdOut.Should().Contain("leaks: 0 in 0 files");
    }

    /// <summary>Nothing any edged process of the fixture printed holds the identifiers a pull asked for.</summary>
    private void RequireNotPrinted(params string[] identifiers)
    {
        var output = fixture.EdgedOutput;
        output.Should().Contain("Pull ", "edged logs its pulls (by id)");
        foreach (var identifier in identifiers)
        {
            output.Should().NotContain(identifier);
        }
    }

    /// <summary>The plain progress lines edgectl prints on standard error when it is not at a terminal.</summary>
    private static List<string> ProgressLines(string stderr) =>
        stderr.Split('\n').Select(l => l.Trim()).Where(l => ProgressLine().IsMatch(l)).ToList();

    [GeneratedRegex(@"^[a-z]+: \d+/\d+ studies done, \d+ failed, [\d,]+ instances received$")]
    private static partial Regex ProgressLine();
}
