using System.Text.Json;
using Edge.Cli.Tests.Support;
using Edge.Testing;

namespace Edge.Cli.Tests.EndToEnd;

/// <summary>Workspaces created, shown, changed and purged with the real edgectl against the real edged.</summary>
[Collection(EndToEndCollection.Name)]
public class WorkspaceTests(DaemonFixture fixture)
{
    private readonly EdgeDaemon _edge = fixture.Daemon;

    [Fact]
    public void Given_a_workspace_created_with_edgectl_When_echoscu_calls_its_AE_title_Then_it_answers_at_once_and_an_unknown_AE_title_is_rejected()
    {
        var created = _edge.Edgectl("workspace", "create", "echo-ws", "--ae", "EDGE_ECHO", "--caller", "@127.0.0.1");

        created.ExitCode.Should().Be(0, created.Output);
        _edge.EchoScu("EDGE_ECHO").ExitCode.Should().Be(0, "the new AE title is answered without a restart");
        var unknown = _edge.EchoScu("EDGE_NOBODY");
        unknown.ExitCode.Should().NotBe(0);
        unknown.Output.Should().Contain("Called AE Title Not Recognized");
    }

    [SkippableFact]
    public void Given_a_seeded_study_stored_with_storescu_When_the_workspace_is_listed_and_shown_Then_the_counts_are_those_of_the_study()
    {
        var study = SeededStudy.Get();
        _edge.Edgectl("workspace", "create", "counted", "--ae", "EDGE_COUNTED", "--caller", "PACS@127.0.0.1").ExitCode.Should().Be(0);

        var stored = _edge.StoreScu("EDGE_COUNTED", [.. study.Files]);

        stored.ExitCode.Should().Be(0, stored.Output);
        var listed = _edge.Json("workspace", "list").GetProperty("workspaces").EnumerateArray()
            .Single(w => w.GetProperty("name").GetString() == "counted");
        var usage = listed.GetProperty("usage");
        usage.GetProperty("patients").GetInt64().Should().Be(1);
        usage.GetProperty("studies").GetInt64().Should().Be(study.OriginalStudyUids.Count);
        usage.GetProperty("instances").GetInt64().Should().Be(study.Files.Count);
        usage.GetProperty("bytes").GetInt64().Should().BePositive();
        var shown = _edge.Json("workspace", "show", "counted");
        shown.GetProperty("usage").GetProperty("instances").GetInt64().Should().Be(study.Files.Count);
        shown.GetProperty("ae_title").GetString().Should().Be("EDGE_COUNTED");
        shown.GetProperty("state").GetString().Should().Be("active");
        var table = _edge.Edgectl("workspace", "show", "counted");
        table.StdOut.Should().Contain("EDGE_COUNTED").And.Contain("Instances");
    }

    [Fact]
    public void Given_a_workspace_When_updated_Then_show_has_the_new_settings_the_old_AE_title_is_refused_and_the_change_is_audited()
    {
        _edge.Edgectl("workspace", "create", "moved", "--ae", "EDGE_OLD", "--caller", "@127.0.0.1").ExitCode.Should().Be(0);

        var updated = _edge.Edgectl("workspace", "update", "moved", "--ae", "EDGE_NEW", "--add-node", "GPU7@127.0.0.1:11199",
            "--retain-until", "2031-01-31", "--quota-gb", "2");

        updated.ExitCode.Should().Be(0, updated.Output);
        var shown = _edge.Json("workspace", "show", "moved");
        shown.GetProperty("ae_title").GetString().Should().Be("EDGE_NEW");
        shown.GetProperty("retain_until").GetString().Should().StartWith("2031-01-31T23:59:59");
        shown.GetProperty("quota_bytes").GetInt64().Should().Be(2L * 1024 * 1024 * 1024);
        var node = shown.GetProperty("research_nodes").EnumerateArray().Single();
        node.GetProperty("ae_title").GetString().Should().Be("GPU7");
        node.GetProperty("move").GetBoolean().Should().BeTrue();
        _edge.EchoScu("EDGE_NEW").ExitCode.Should().Be(0);
        _edge.EchoScu("EDGE_OLD").ExitCode.Should().NotBe(0);
        var changes = _edge.Json("audit", "query", "--workspace", "moved", "--kind", "workspace-changed").GetProperty("entries").EnumerateArray().ToList();
        changes.Select(e => e.GetProperty("detail").GetProperty("change").GetString()).Should().Equal("created", "updated");
        changes[1].GetProperty("detail").GetProperty("aeTitle").GetString().Should().Be("EDGE_NEW");
        changes.Should().OnlyContain(e => e.GetProperty("actor").GetString() == "uid 0");
    }

    [Fact]
    public void Given_an_AE_title_in_use_When_another_workspace_asks_for_it_Then_edgectl_exits_1_with_ALREADY_EXISTS()
    {
        _edge.Edgectl("workspace", "create", "first-owner", "--ae", "EDGE_TAKEN").ExitCode.Should().Be(0);

        var second = _edge.Edgectl("--json", "workspace", "create", "second-owner", "--ae", "EDGE_TAKEN");

        second.ExitCode.Should().Be(1);
        JsonDocument.Parse(second.StdErr).RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("ALREADY_EXISTS");
    }

    [SkippableFact]
    public void Given_a_stored_study_When_the_workspace_is_purged_with_forget_mapping_Then_its_files_go_its_AE_title_is_refused_and_its_pseudonyms_are_forgotten()
    {
        var study = SeededStudy.Get();
        _edge.Edgectl("workspace", "create", "erased", "--ae", "EDGE_ERASED", "--caller", "@127.0.0.1").ExitCode.Should().Be(0);
        _edge.StoreScu("EDGE_ERASED", [.. study.Files]).ExitCode.Should().Be(0);
        var directory = Path.Combine(_edge.StateDirectory, "workspaces", "erased");

        var purged = _edge.Json("workspace", "purge", "erased", "--forget-mapping", "--reason", "GDPR erasure request 42");

        purged.GetProperty("files_removed").GetInt64().Should().Be(study.Files.Count);
        purged.GetProperty("mapping_forgotten").GetBoolean().Should().BeTrue();
        purged.GetProperty("patients_forgotten").GetInt64().Should().Be(1);
        var shown = _edge.Json("workspace", "show", "erased");
        shown.GetProperty("state").GetString().Should().Be("purged");
        shown.GetProperty("usage").GetProperty("instances").GetInt64().Should().Be(0);
        Directory.Exists(directory).Should().BeFalse();
        _edge.EchoScu("EDGE_ERASED").ExitCode.Should().NotBe(0, "a purged workspace takes no more associations");
        _edge.Edgectl("ledger", "lookup", "--workspace", "erased", "--patient-id", study.PatientId, "--reason", "after erasure")
            .ExitCode.Should().Be(5, "the ledger no longer knows the workspace");
        var audited = _edge.Json("audit", "query", "--workspace", "erased", "--kind", "purge").GetProperty("entries").EnumerateArray().Single();
        audited.GetProperty("reason").GetString().Should().Be("GDPR erasure request 42");
        _edge.Json("audit", "query", "--workspace", "erased", "--kind", "workspace-forgotten").GetProperty("entries").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public void Given_a_workspace_that_has_not_expired_When_purged_only_if_expired_Then_edgectl_exits_1_and_nothing_is_removed()
    {
        _edge.Edgectl("workspace", "create", "kept", "--ae", "EDGE_KEPT", "--retain-until", "2099-12-31").ExitCode.Should().Be(0);

        var refused = _edge.Edgectl("workspace", "purge", "kept", "--only-if-expired");

        refused.ExitCode.Should().Be(1);
        refused.StdErr.Should().Contain("FAILED_PRECONDITION");
        _edge.Json("workspace", "show", "kept").GetProperty("state").GetString().Should().Be("active");
    }
}
