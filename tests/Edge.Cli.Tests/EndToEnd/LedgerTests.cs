using System.Text.Json;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests.EndToEnd;

/// <summary>Lookups, re-identification, crosswalks, backups and the audit chain through edgectl.</summary>
[Collection(EndToEndCollection.Name)]
public class LedgerTests(DaemonFixture fixture)
{
    private readonly EdgeDaemon _edge = fixture.Daemon;

    private string StoreStudy(string workspace, string aeTitle, SeededStudy study)
    {
        _edge.Edgectl("workspace", "create", workspace, "--ae", aeTitle, "--caller", "@127.0.0.1").ExitCode.Should().Be(0);
        _edge.StoreScu(aeTitle, [.. study.Files]).ExitCode.Should().Be(0);
        var lookup = _edge.Json("ledger", "lookup", "--workspace", workspace, "--patient-id", study.PatientId, "--reason", "find the pseudonym");
        lookup.GetProperty("found").GetBoolean().Should().BeTrue();
        return lookup.GetProperty("pseudonym").GetString()!;
    }

    [SkippableFact]
    public void Given_a_stored_patient_When_its_pseudonym_is_re_identified_with_a_reason_Then_the_identity_and_studies_come_back_and_it_is_audited()
    {
        var study = SeededStudy.Get();
        var pseudonym = StoreStudy("reid", "EDGE_REID", study);

        var answer = _edge.Json("ledger", "lookup", "--workspace", "reid", "--pseudonym", pseudonym, "--reason", "incidental finding, ticket 4711");

        answer.GetProperty("found").GetBoolean().Should().BeTrue();
        var patient = answer.GetProperty("patient");
        patient.GetProperty("patient_id").GetString().Should().Be(study.PatientId);
        patient.GetProperty("name").GetString().Should().Be(study.PatientName);
        patient.GetProperty("pseudonym").GetString().Should().Be(pseudonym);
        patient.GetProperty("studies").EnumerateArray().Select(s => s.GetProperty("original_uid").GetString())
            .Should().BeEquivalentTo(study.OriginalStudyUids);
        var audited = _edge.Json("audit", "query", "--workspace", "reid", "--kind", "reidentification").GetProperty("entries").EnumerateArray().Single();
        audited.GetProperty("actor").GetString().Should().Be("uid 0");
        audited.GetProperty("reason").GetString().Should().Be("incidental finding, ticket 4711");
        audited.GetProperty("detail").GetProperty("patient").GetString().Should().Be(pseudonym);
        audited.GetRawText().Should().NotContain(study.PatientId, "the trail names pseudonyms, never identities");
    }

    [SkippableFact]
    public void Given_a_blank_reason_When_re_identifying_Then_the_daemon_refuses_with_INVALID_ARGUMENT_and_audits_the_refusal()
    {
        var study = SeededStudy.Get();
        var pseudonym = StoreStudy("noreason", "EDGE_NOREASON", study);

        var refused = _edge.Edgectl("--json", "ledger", "lookup", "--workspace", "noreason", "--pseudonym", pseudonym, "--reason", " ");

        refused.ExitCode.Should().Be(1);
        refused.StdOut.Should().BeEmpty();
        refused.StdErr.Should().NotContain(study.PatientId);
        JsonDocument.Parse(refused.StdErr).RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("INVALID_ARGUMENT");
        var refusal = _edge.Json("audit", "query", "--workspace", "noreason", "--kind", "refusal").GetProperty("entries").EnumerateArray().Single();
        refusal.GetProperty("detail").GetProperty("problem").GetString().Should().Be("no reason was given");
        _edge.Edgectl("ledger", "lookup", "--workspace", "noreason", "--pseudonym", pseudonym).ExitCode
            .Should().Be(2, "edgectl asks for --reason before calling");
    }

    [SkippableFact]
    public void Given_a_stored_study_When_crosswalks_are_exported_Then_both_files_are_written_0600_with_the_original_and_pseudonymised_ids()
    {
        var study = SeededStudy.Get();
        var pseudonym = StoreStudy("crosswalked", "EDGE_XWALK", study);
        var directory = Path.Combine(_edge.Scratch, "crosswalks");

        var export = _edge.Json("ledger", "export-crosswalk", "--workspace", "crosswalked", "--out", directory, "--reason", "MIDI-B validation");

        var patients = export.GetProperty("patient_id_crosswalk_path").GetString()!;
        var uids = export.GetProperty("uid_crosswalk_path").GetString()!;
        File.ReadAllLines(patients).Should().Equal("id_old,id_new", $"{study.PatientId},{pseudonym}");
        var uidLines = File.ReadAllLines(uids);
        uidLines.Should().HaveCount((int)export.GetProperty("uid_rows").GetInt64() + 1);
        uidLines.Should().Contain(l => study.OriginalStudyUids.Any(u => l.StartsWith(u + ",2.25.", StringComparison.Ordinal)));
        File.GetUnixFileMode(uids).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(patients).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _edge.Json("audit", "query", "--workspace", "crosswalked", "--kind", "crosswalk-exported").GetProperty("entries").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public void Given_the_calls_made_so_far_When_the_audit_chain_is_verified_Then_it_is_intact_and_holds_a_control_call_event_per_call()
    {
        _edge.Edgectl("system", "health").ExitCode.Should().Be(0);

        var verified = _edge.Json("audit", "verify");

        verified.GetProperty("intact").GetBoolean().Should().BeTrue();
        verified.GetProperty("events_checked").GetInt64().Should().BePositive();
        var calls = _edge.Json("audit", "query", "--kind", "control-call", "--limit", "1000").GetProperty("entries").EnumerateArray().ToList();
        calls.Should().Contain(e => e.GetProperty("detail").GetProperty("method").GetString() == "/edge.control.v1.System/Health"
            && e.GetProperty("detail").GetProperty("outcome").GetString() == "OK"
            && e.GetProperty("actor").GetString() == "uid 0");
        _edge.Edgectl("audit", "verify").StdOut.Should().Contain("intact");
    }

    [Fact]
    public void Given_an_admin_When_the_ledger_is_backed_up_Then_a_new_file_is_written_and_rekey_is_refused_as_offline()
    {
        var target = Path.Combine(_edge.Scratch, $"ledger-{Guid.NewGuid():N}.db");

        var backup = _edge.Json("ledger", "backup", "--out", target);

        backup.GetProperty("path").GetString().Should().Be(target);
        new FileInfo(target).Length.Should().Be(backup.GetProperty("bytes").GetInt64()).And.BePositive();
        _edge.Edgectl("ledger", "backup", "--out", target).ExitCode.Should().Be(1, "a backup never overwrites a file");
        var rekey = _edge.Edgectl("ledger", "rekey", "--backup", Path.Combine(_edge.Scratch, "before-rekey.db"));
        rekey.ExitCode.Should().Be(1);
        rekey.StdErr.Should().Contain("FAILED_PRECONDITION").And.Contain("edged ledger rekey");
    }
}
