using Edge.Ledger.Access;
using Edge.Ledger.Audit;

namespace Edge.Ledger.Tests.Access;

public sealed class WorkspaceTests
{
    private static readonly AccessRequest Dpo = new("dpo", "erasure request 2024-031");

    [Fact]
    public async Task Given_a_new_workspace_When_its_secret_is_asked_for_twice_and_after_reopening_Then_it_is_the_same_32_bytes_and_creation_is_audited_once()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();

        var first = await store.GetOrCreateWorkspaceSecretAsync("cohort-7");
        var second = await store.GetOrCreateWorkspaceSecretAsync("cohort-7");
        var afterReopen = await bed.Reopen().GetOrCreateWorkspaceSecretAsync("cohort-7");

        first.Should().HaveCount(LedgerStore.WorkspaceSecretLength).And.Equal(second).And.Equal(afterReopen);
        first.Should().NotEqual(await bed.Store!.GetOrCreateWorkspaceSecretAsync("cohort-8"));
        bed.Store!.ReadAudit().Count(e => e.Kind == AuditKinds.WorkspaceCreated && e.Workspace == "cohort-7").Should().Be(1);
    }

    [Fact]
    public async Task Given_a_workspace_with_mappings_When_it_is_forgotten_Then_identities_mappings_and_secret_are_gone_and_the_erasure_is_audited()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var secret = await store.GetOrCreateWorkspaceSecretAsync(LedgerTestBed.Workspace);
        await store.GetOrCreateWorkspaceSecretAsync("kept");
        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(p => Enumerable.Range(0, 20).Select(i => store.RecordInstanceAsync(LedgerTestBed.Mapping(p, i)))));
        await store.RecordInstanceAsync(LedgerTestBed.Mapping(9, 0, "kept"));
        store.FindPatientPseudonym(LedgerTestBed.Workspace, LedgerTestBed.PatientId(1), null).Should().NotBeNull();

        var erasure = await store.ForgetWorkspaceAsync(LedgerTestBed.Workspace, Dpo);

        erasure.Should().Be(new WorkspaceErasure(LedgerTestBed.Workspace, Patients: 3, Studies: 3, Series: 6, Instances: 60, OtherUids: 3));
        bed.Count("SELECT count(*) FROM patients").Should().Be(1);
        bed.Count("SELECT count(*) FROM instances").Should().Be(1);
        store.FindPatientPseudonym(LedgerTestBed.Workspace, LedgerTestBed.PatientId(1), null).Should().BeNull();
        store.ListWorkspaces().Select(w => w.Name).Should().Equal("kept");
        var audit = store.ReadAudit()[^1];
        audit.Kind.Should().Be(AuditKinds.WorkspaceForgotten);
        audit.Actor.Should().Be("dpo");
        audit.Reason.Should().Be(Dpo.Why);
        store.VerifyAudit().Intact.Should().BeTrue();
        (await store.GetOrCreateWorkspaceSecretAsync(LedgerTestBed.Workspace)).Should().NotEqual(secret);
    }

    [Fact]
    public async Task Given_workspaces_with_mappings_When_listing_Then_each_shows_its_counts()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        await Task.WhenAll(Enumerable.Range(0, 25).Select(i => store.RecordInstanceAsync(LedgerTestBed.Mapping(1, i))));

        var summary = store.ListWorkspaces().Single();

        summary.Should().BeEquivalentTo(new { Name = LedgerTestBed.Workspace, Patients = 1L, Studies = 2L, Instances = 25L });
    }

    [Fact]
    public async Task Given_a_refusal_and_a_purge_from_other_components_When_recorded_Then_both_are_in_the_trail()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();

        await store.RecordRefusalAsync(LedgerTestBed.Workspace, "burned-in annotation on an unsupported modality");
        await store.RecordPurgeAsync(LedgerTestBed.Workspace, "retention: 30 days");

        store.ReadAudit().TakeLast(2).Select(e => (e.Kind, e.Reason)).Should().Equal(
            (AuditKinds.Refusal, "burned-in annotation on an unsupported modality"),
            (AuditKinds.Purge, "retention: 30 days"));
    }
}
