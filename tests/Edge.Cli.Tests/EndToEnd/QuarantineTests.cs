using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests.EndToEnd;

/// <summary>An instance that cannot be parsed goes to quarantine, where edgectl lists, shows, retries and deletes it.</summary>
[Collection(EndToEndCollection.Name)]
public class QuarantineTests(DaemonFixture fixture)
{
    private readonly EdgeDaemon _edge = fixture.Daemon;

    [SkippableFact]
    public async Task Given_an_unparseable_data_set_When_it_is_stored_Then_it_is_quarantined_a_retry_keeps_it_and_delete_removes_it_with_an_audit_event()
    {
        var study = SeededStudy.Get();
        _edge.Edgectl("workspace", "create", "held", "--ae", "EDGE_HELD", "--caller", "@127.0.0.1").ExitCode.Should().Be(0);

        var status = await study.SendTruncatedAsync(_edge.DicomPort, "EDGE_HELD");

        status.Should().NotBe(0, "a data set that cannot be read is not acknowledged");
        var item = _edge.Json("quarantine", "list", "--workspace", "held").GetProperty("items").EnumerateArray().Single();
        item.GetProperty("reason").GetString().Should().Be("unparseable");
        item.GetProperty("stage").GetString().Should().Be("parse");
        item.GetProperty("calling_ae").GetString().Should().Be("PACS");
        var id = item.GetProperty("id").GetString()!;
        _edge.Json("quarantine", "show", id).GetProperty("sha256").GetString().Should().HaveLength(64);
        _edge.Json("workspace", "show", "held").GetProperty("usage").GetProperty("quarantined").GetInt64().Should().Be(1);
        var shownText = _edge.Edgectl("quarantine", "show", id).StdOut;
        shownText.Should().NotContain(study.PatientId, "quarantine metadata never shows patient data");

        var retry = _edge.Edgectl("--json", "quarantine", "retry", id);
        retry.ExitCode.Should().Be(6, "the answer is that it is still quarantined");
        retry.StdOut.Should().Contain("\"outcome\": \"still_quarantined\"");

        var deleted = _edge.Edgectl("quarantine", "delete", id, "--reason", "corrupt transfer, PACS re-sends");
        deleted.ExitCode.Should().Be(0, deleted.Output);
        _edge.Json("quarantine", "list", "--workspace", "held").GetProperty("items").GetArrayLength().Should().Be(0);
        _edge.Edgectl("quarantine", "show", id).ExitCode.Should().Be(5);
        var audited = _edge.Json("audit", "query", "--workspace", "held", "--kind", "quarantine-deleted").GetProperty("entries").EnumerateArray().Single();
        audited.GetProperty("reason").GetString().Should().Be("corrupt transfer, PACS re-sends");
        audited.GetProperty("detail").GetProperty("item").GetString().Should().Be(id);
    }
}
