using Edge.Ledger.Audit;
using Edge.Ledger.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger.Tests.Audit;

public sealed class AuditChainTests
{
    [Fact]
    public async Task Given_an_untouched_trail_When_verifying_Then_it_is_intact_and_every_event_was_checked()
    {
        await using var bed = await TrailWithEvents();

        var result = bed.Store!.VerifyAudit();

        result.Intact.Should().BeTrue();
        result.EventsChecked.Should().Be(bed.Count("SELECT count(*) FROM audit_events"));
    }

    [Fact]
    public async Task Given_an_event_whose_detail_was_edited_When_verifying_Then_the_edited_event_is_reported()
    {
        await using var bed = await TrailWithEvents();
        Tamper(bed, "UPDATE audit_events SET detail = replace(detail, 'EDGE-', 'EDGX-') WHERE seq = 6");

        var result = bed.Store!.VerifyAudit();

        result.Intact.Should().BeFalse();
        result.BrokenAt.Should().Be(6);
        result.Problem.Should().Contain("edited");
    }

    [Fact]
    public async Task Given_an_event_that_was_deleted_When_verifying_Then_the_event_after_the_gap_is_reported()
    {
        await using var bed = await TrailWithEvents();
        Tamper(bed, "DELETE FROM audit_events WHERE seq = 5");

        var result = bed.Store!.VerifyAudit();

        result.Intact.Should().BeFalse();
        result.BrokenAt.Should().Be(6);
        result.Problem.Should().Contain("removed");
    }

    [Fact]
    public async Task Given_a_deleted_event_whose_successors_were_renumbered_When_verifying_Then_the_break_is_found()
    {
        await using var bed = await TrailWithEvents();
        var last = bed.Count("SELECT max(seq) FROM audit_events");
        Tamper(bed, "DELETE FROM audit_events WHERE seq = 5; UPDATE audit_events SET seq = seq - 1 WHERE seq > 5");

        var result = bed.Store!.VerifyAudit();

        result.Intact.Should().BeFalse();
        result.BrokenAt.Should().Be(5);
        bed.Count("SELECT max(seq) FROM audit_events").Should().Be(last - 1);
    }

    [Fact]
    public async Task Given_two_events_that_swapped_places_When_verifying_Then_the_first_moved_event_is_reported()
    {
        await using var bed = await TrailWithEvents();
        Tamper(bed, "UPDATE audit_events SET seq = -1 WHERE seq = 4; UPDATE audit_events SET seq = 4 WHERE seq = 7; UPDATE audit_events SET seq = 7 WHERE seq = -1");

        var result = bed.Store!.VerifyAudit();

        result.Intact.Should().BeFalse();
        result.BrokenAt.Should().Be(4);
        result.Problem.Should().ContainAny("moved", "reordered");
    }

    [Fact]
    public async Task Given_the_audit_table_When_a_row_is_updated_or_deleted_through_SQL_Then_the_triggers_refuse()
    {
        await using var bed = await TrailWithEvents();
        using var connection = bed.OpenRaw();

        var update = () => LedgerConnection.Execute(connection, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 1");
        var delete = () => LedgerConnection.Execute(connection, "DELETE FROM audit_events WHERE seq = 1");

        update.Should().Throw<SqliteException>().WithMessage("*append-only*");
        delete.Should().Throw<SqliteException>().WithMessage("*append-only*");
    }

    [Fact]
    public async Task Given_instances_stored_When_reading_their_audit_events_Then_they_name_pseudonyms_and_pseudonymised_UIDs_only()
    {
        await using var bed = await TrailWithEvents();
        var mapping = LedgerTestBed.Mapping(1, 1);

        var stored = bed.Store!.ReadAudit().Where(e => e.Kind == AuditKinds.InstanceStored).ToList();

        stored.Should().HaveCount(10);
        stored.Should().OnlyContain(e => e.Workspace == LedgerTestBed.Workspace && e.Actor == "edged");
        stored.Should().Contain(e => e.Detail.Contains(mapping.SopInstance.Pseudonymised) && e.Detail.Contains(mapping.Patient.Pseudonym));
        stored.Should().NotContain(e => e.Detail.Contains("1.2.826.") || e.Detail.Contains("ORIGPID") || e.Detail.Contains("Quixotic"));
    }

    [Fact]
    public async Task Given_action_counts_from_the_engine_When_an_instance_is_stored_Then_its_event_lists_them_sorted()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var mapping = LedgerTestBed.Mapping(1, 0) with
        {
            ActionCounts = new Dictionary<string, int> { ["remove"] = 12, ["clean"] = 2, ["dummy"] = 5 },
        };

        await store.RecordInstanceAsync(mapping);

        store.ReadAudit()[^1].Detail.Should().EndWith("\"actions\":{\"clean\":2,\"dummy\":5,\"remove\":12}}");
        store.VerifyAudit().Intact.Should().BeTrue();
    }

    private static async Task<LedgerTestBed> TrailWithEvents()
    {
        var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        foreach (var i in Enumerable.Range(0, 10))
        {
            await store.RecordInstanceAsync(LedgerTestBed.Mapping(i % 3, i));
        }
        return bed;
    }

    /// <summary>What someone with the key and a SQLite shell could do: drop the triggers, then change rows.</summary>
    private static void Tamper(LedgerTestBed bed, string sql)
    {
        using var connection = bed.OpenRaw();
        LedgerConnection.Execute(connection, "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; " + sql);
    }
}
