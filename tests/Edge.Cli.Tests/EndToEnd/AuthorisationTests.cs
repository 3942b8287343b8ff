using System.Text.Json;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests.EndToEnd;

/// <summary>
/// Another uid calling through the same socket: nobody, whose group nogroup the configuration makes auditor. Its
/// roles come from the kernel's peer credentials, never from anything edgectl says.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class AuthorisationTests(DaemonFixture fixture)
{
    private readonly EdgeDaemon _edge = fixture.Daemon;

    private static void RequireRootAndNogroup()
    {
        Skip.IfNot(Environment.UserName == "root", "Running edgectl as another uid needs root.");
        Skip.IfNot(File.ReadLines("/etc/group").Any(l => l.StartsWith(EdgeDaemon.SocketGroup + ":x:65534:", StringComparison.Ordinal)),
            "This system has no group nogroup (65534).");
    }

    [SkippableFact]
    public void Given_a_uid_whose_roles_do_not_allow_it_When_it_creates_a_workspace_Then_edgectl_exits_4_with_PERMISSION_DENIED_and_the_refusal_is_audited_with_its_uid()
    {
        RequireRootAndNogroup();

        var refused = _edge.EdgectlAsNobody("--json", "workspace", "create", "intruder", "--ae", "EDGE_INTRUDER");

        refused.ExitCode.Should().Be(4, refused.Output);
        JsonDocument.Parse(refused.StdErr).RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("PERMISSION_DENIED");
        _edge.Edgectl("workspace", "show", "intruder").ExitCode.Should().Be(5, "the refused call never ran");
        var refusals = _edge.Json("audit", "query", "--kind", "refusal", "--limit", "1000").GetProperty("entries").EnumerateArray();
        refusals.Should().Contain(e => e.GetProperty("actor").GetString() == "uid 65534"
            && e.GetProperty("detail").GetProperty("method").GetString() == "/edge.control.v1.Workspaces/CreateWorkspace"
            && e.GetProperty("detail").GetProperty("outcome").GetString() == "PERMISSION_DENIED");
    }

    [SkippableFact]
    public void Given_nobody_made_auditor_by_its_group_When_it_asks_who_it_is_and_reads_the_audit_Then_it_may_but_it_may_not_re_identify()
    {
        RequireRootAndNogroup();

        var me = _edge.EdgectlAsNobody("--json", "whoami");
        var audit = _edge.EdgectlAsNobody("--json", "audit", "query", "--limit", "1");
        var reidentify = _edge.EdgectlAsNobody("ledger", "lookup", "--workspace", "default", "--pseudonym", "PANY", "--reason", "curious");

        me.ExitCode.Should().Be(0, me.Output);
        var whoami = JsonDocument.Parse(me.StdOut).RootElement;
        whoami.GetProperty("uid").GetUInt32().Should().Be(EdgeDaemon.Nobody);
        whoami.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("auditor");
        whoami.GetProperty("may_reidentify").GetBoolean().Should().BeFalse();
        audit.ExitCode.Should().Be(0, audit.Output);
        reidentify.ExitCode.Should().Be(4);
        reidentify.StdErr.Should().Contain("PERMISSION_DENIED");
    }
}
