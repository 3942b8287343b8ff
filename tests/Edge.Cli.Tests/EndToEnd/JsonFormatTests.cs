using System.Text.Json;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests.EndToEnd;

/// <summary>
/// The --json answers keep the field names the README documents (section edgectl), every key present (null when absent): scripts
/// depend on them, so a renamed or dropped field fails here.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class JsonFormatTests(DaemonFixture fixture)
{
    private readonly EdgeDaemon _edge = fixture.Daemon;

    private static IEnumerable<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name);

    [Fact]
    public void Given_workspace_list_and_purge_When_printed_as_json_Then_the_documented_fields_are_there_exactly()
    {
        _edge.Edgectl("workspace", "create", "shaped", "--ae", "EDGE_SHAPED", "--caller", "PACS@127.0.0.1",
            "--node", "GPU2@127.0.0.1:11198", "--retain-until", "2030-06-30").ExitCode.Should().Be(0);

        var list = _edge.Json("workspace", "list");
        var purge = _edge.Json("workspace", "purge", "shaped", "--reason", "format test");

        Keys(list).Should().Equal("workspaces");
        var workspace = list.GetProperty("workspaces").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "shaped");
        Keys(workspace).Should().Equal("name", "ae_title", "profile", "state", "allowed_callers", "research_nodes", "retain_until",
            "quota_bytes", "owner", "group", "created_at", "purged_at", "usage");
        Keys(workspace.GetProperty("usage")).Should().Equal("patients", "studies", "series", "instances", "bytes", "quarantined", "last_received_at");
        Keys(workspace.GetProperty("allowed_callers")[0]).Should().Equal("ae_title", "host");
        var node = workspace.GetProperty("research_nodes")[0];
        Keys(node).Should().Equal("ae_title", "host", "port", "find", "get", "move", "move_destinations");
        Keys(node.GetProperty("move_destinations")[0]).Should().Equal("ae_title", "host", "port");
        workspace.GetProperty("quota_bytes").ValueKind.Should().Be(JsonValueKind.Null);
        workspace.GetProperty("retain_until").GetString().Should().MatchRegex(@"^2030-06-30T23:59:59(\.\d+)?Z$");
        Keys(purge).Should().Equal("workspace", "files_removed", "bytes_removed", "mapping_forgotten", "patients_forgotten");
    }

    [Fact]
    public void Given_the_system_commands_When_printed_as_json_Then_the_documented_fields_are_there_exactly()
    {
        var health = _edge.Json("system", "health");
        var version = _edge.Json("system", "version");
        var config = _edge.Json("system", "config");
        var whoami = _edge.Json("whoami");

        Keys(health).Should().Equal("status", "started_at", "components");
        Keys(health.GetProperty("components")[0]).Should().Equal("name", "status", "detail");
        health.GetProperty("status").GetString().Should().Be("serving");
        Keys(version).Should().Equal("version", "commit", "runtime", "implementation_class_uid", "implementation_version_name",
            "deidentification_edition", "edgectl_version");
        Keys(config).Should().Equal("source_path", "entries");
        Keys(config.GetProperty("entries")[0]).Should().Equal("key", "value", "masked", "source");
        config.GetProperty("entries").EnumerateArray().Should().Contain(e =>
            e.GetProperty("key").GetString() == "workspaces.default.aeTitle" && e.GetProperty("value").GetString() == "EDGE");
        Keys(whoami).Should().Equal("uid", "gid", "groups", "pid", "roles", "may_reidentify");
        whoami.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("admin");
    }

    [Fact]
    public void Given_the_ingest_and_audit_commands_When_printed_as_json_Then_the_documented_fields_are_there_exactly()
    {
        var status = _edge.Json("ingest", "status");
        var audit = _edge.Json("audit", "query", "--limit", "1");
        var verify = _edge.Json("audit", "verify");
        var quarantine = _edge.Json("quarantine", "list");

        Keys(status).Should().Equal("at", "associations", "throughput", "recent_errors");
        Keys(status.GetProperty("throughput")).Should().Equal("instances_per_second", "bytes_per_second", "window_seconds",
            "instances_stored", "instances_failed", "instances_quarantined", "associations_accepted", "associations_rejected");
        Keys(audit).Should().Equal("entries", "more");
        Keys(audit.GetProperty("entries")[0]).Should().Equal("sequence", "at", "kind", "actor", "workspace", "reason", "detail");
        audit.GetProperty("entries")[0].GetProperty("sequence").GetInt64().Should().Be(1);
        Keys(verify).Should().Equal("intact", "events_checked", "broken_at", "problem");
        Keys(quarantine).Should().Equal("items", "next_page_token");
    }

    [Fact]
    public void Given_a_failed_call_with_json_When_edgectl_exits_Then_stderr_holds_one_error_object_and_stdout_nothing()
    {
        var missing = _edge.Edgectl("--json", "workspace", "show", "no-such-workspace");

        missing.ExitCode.Should().Be(5);
        missing.StdOut.Should().BeEmpty();
        var error = JsonDocument.Parse(missing.StdErr).RootElement;
        Keys(error).Should().Equal("error");
        Keys(error.GetProperty("error")).Should().Equal("code", "exit_code", "message");
        error.GetProperty("error").GetProperty("code").GetString().Should().Be("NOT_FOUND");
        error.GetProperty("error").GetProperty("exit_code").GetInt32().Should().Be(5);
    }
}
