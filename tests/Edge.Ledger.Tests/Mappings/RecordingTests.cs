using Edge.Ledger.Access;
using Edge.Ledger.Mappings;

namespace Edge.Ledger.Tests.Mappings;

public sealed class RecordingTests
{
    private static readonly AccessRequest Auditor = new("alice", "data-protection audit");

    [Fact]
    public async Task Given_recorded_instances_When_counting_rows_Then_patients_studies_series_instances_and_other_uids_are_each_stored_once()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();

        // 3 patients x 40 instances: 2 studies, 4 series each.
        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(p => Enumerable.Range(0, 40).Select(i =>
            store.RecordInstanceAsync(LedgerTestBed.Mapping(p, i)))));

        bed.Count("SELECT count(*) FROM patients").Should().Be(3);
        bed.Count("SELECT count(*) FROM studies").Should().Be(6);
        bed.Count("SELECT count(*) FROM series").Should().Be(12);
        bed.Count("SELECT count(*) FROM instances").Should().Be(120);
        bed.Count("SELECT count(*) FROM uid_map").Should().Be(3);
        bed.Count("SELECT count(*) FROM audit_events WHERE kind = 'instance-stored'").Should().Be(120);
    }

    [Fact]
    public async Task Given_an_instance_recorded_twice_When_recording_again_Then_it_succeeds_and_stays_one_mapping()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var mapping = LedgerTestBed.Mapping(1, 1);

        await store.RecordInstanceAsync(mapping);
        await store.RecordInstanceAsync(mapping);

        bed.Count("SELECT count(*) FROM instances").Should().Be(1);
        bed.Count("SELECT count(*) FROM patients").Should().Be(1);
    }

    [Fact]
    public async Task Given_a_known_patient_When_an_instance_brings_another_pseudonym_Then_it_is_refused_as_a_conflict_and_the_instances_queued_with_it_commit()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        await store.RecordInstanceAsync(LedgerTestBed.Mapping(1, 0));
        var conflicting = LedgerTestBed.Mapping(1, 1) with
        {
            Patient = LedgerTestBed.Mapping(1, 1).Patient with { Pseudonym = "SOMEONE-ELSE" },
        };

        var results = await Task.WhenAll(
            Capture(store.RecordInstanceAsync(LedgerTestBed.Mapping(2, 0))),
            Capture(store.RecordInstanceAsync(conflicting)),
            Capture(store.RecordInstanceAsync(LedgerTestBed.Mapping(3, 0))));

        results[0].Should().BeNull();
        results[1].Should().BeOfType<LedgerConflictException>();
        results[2].Should().BeNull();
        bed.Count("SELECT count(*) FROM instances").Should().Be(3);
        (await store.TranslateUidAsync(LedgerTestBed.Workspace, conflicting.SopInstance.Original, UidDirection.ToPseudonymised, Auditor))
            .Should().BeNull();
    }

    [Fact]
    public async Task Given_a_known_instance_When_it_comes_back_with_another_pseudonymised_UID_Then_it_is_a_conflict()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var mapping = LedgerTestBed.Mapping(1, 0);
        await store.RecordInstanceAsync(mapping);

        var again = () => store.RecordInstanceAsync(mapping with { SopInstance = mapping.SopInstance with { Pseudonymised = "2.25.999" } });

        await again.Should().ThrowAsync<LedgerConflictException>();
    }

    [Fact]
    public async Task Given_a_workspace_without_a_secret_When_recording_Then_the_instance_is_refused()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();

        var record = () => store.RecordInstanceAsync(LedgerTestBed.Mapping(1, 0, workspace: "never-created"));

        (await record.Should().ThrowAsync<LedgerException>()).WithMessage("*'never-created' is not in the ledger*");
    }

    [Fact]
    public async Task Given_a_mapping_without_a_SOP_Instance_UID_When_recording_Then_it_is_rejected_before_queueing()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var mapping = LedgerTestBed.Mapping(1, 0) with { SopInstance = new UidPair("", "2.25.1") };

        var record = () => store.RecordInstanceAsync(mapping);

        await record.Should().ThrowAsync<LedgerException>().WithMessage("*original SOPInstanceUID*");
    }

    [Fact]
    public async Task Given_a_recorded_patient_When_the_engine_asks_for_its_pseudonym_Then_the_pseudonym_and_offset_come_back_and_nothing_is_audited()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var mapping = LedgerTestBed.Mapping(4, 0);
        await store.RecordInstanceAsync(mapping);
        var events = store.ReadAudit().Count;

        var found = store.FindPatientPseudonym(LedgerTestBed.Workspace, mapping.Patient.OriginalPatientId, mapping.Patient.Issuer);
        var again = store.FindPatientPseudonym(LedgerTestBed.Workspace, mapping.Patient.OriginalPatientId, mapping.Patient.Issuer);
        var otherIssuer = store.FindPatientPseudonym(LedgerTestBed.Workspace, mapping.Patient.OriginalPatientId, "ELSEWHERE");

        found.Should().Be(new PatientPseudonym(mapping.Patient.Pseudonym, mapping.Patient.DateOffsetDays));
        again.Should().Be(found);
        otherIssuer.Should().BeNull();
        store.ReadAudit().Should().HaveCount(events);
    }

    private static async Task<Exception?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
