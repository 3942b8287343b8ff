using Edge.Ledger.Access;
using Edge.Ledger.Audit;

namespace Edge.Ledger.Tests.Access;

public sealed class ReidentificationTests
{
    private static readonly AccessRequest Clinician = new("dr.who", "incidental finding, ethics approval 2024-17");

    [Fact]
    public async Task Given_a_pseudonym_and_a_reason_When_reidentifying_Then_the_identity_and_studies_come_back_and_the_audit_names_only_the_pseudonym()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var first = LedgerTestBed.Mapping(2, 0);
        foreach (var i in Enumerable.Range(0, 40))
        {
            await store.RecordInstanceAsync(LedgerTestBed.Mapping(2, i));
        }

        var identity = await store.ReidentifyPatientAsync(LedgerTestBed.Workspace, first.Patient.Pseudonym, Clinician);

        identity.Should().NotBeNull();
        identity!.PatientId.Should().Be(first.Patient.OriginalPatientId);
        identity.Issuer.Should().Be("HOSPITAL-A");
        identity.Name.Should().Be(first.Patient.OriginalName);
        identity.BirthDate.Should().Be("19610412");
        identity.DateOffsetDays.Should().Be(first.Patient.DateOffsetDays);
        identity.Studies.Should().HaveCount(2);
        identity.Studies[0].Should().Be(new StudyIdentity(first.Study.Uid.Original, first.Study.Uid.Pseudonymised,
            first.Study.OriginalAccessionNumber, first.Study.PseudonymisedAccessionNumber, "20240102", "20231203"));
        var audit = store.ReadAudit()[^1];
        audit.Kind.Should().Be(AuditKinds.Reidentification);
        audit.Actor.Should().Be(Clinician.Who);
        audit.Reason.Should().Be(Clinician.Why);
        audit.Detail.Should().Contain(first.Patient.Pseudonym).And.NotContain("ORIGPID").And.NotContain("Quixotic");
    }

    [Fact]
    public async Task Given_a_PatientID_When_looking_up_its_pseudonym_Then_the_pseudonym_comes_back_and_the_audit_omits_the_PatientID()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var mapping = LedgerTestBed.Mapping(3, 0);
        await store.RecordInstanceAsync(mapping);

        var pseudonym = await store.LookUpPatientPseudonymAsync(LedgerTestBed.Workspace, mapping.Patient.OriginalPatientId, null, Clinician);
        var unknown = await store.LookUpPatientPseudonymAsync(LedgerTestBed.Workspace, "NOBODY", null, Clinician);

        pseudonym.Should().Be(mapping.Patient.Pseudonym);
        unknown.Should().BeNull();
        var lookups = store.ReadAudit().Where(e => e.Kind == AuditKinds.Lookup).ToList();
        lookups.Should().HaveCount(2);
        lookups.Should().NotContain(e => e.Detail.Contains("ORIGPID") || e.Detail.Contains("NOBODY"));
    }

    [Fact]
    public async Task Given_pseudonymised_UIDs_When_translating_back_and_forth_Then_every_level_maps_and_each_translation_is_audited()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var mapping = LedgerTestBed.Mapping(5, 3);
        await store.RecordInstanceAsync(mapping);
        var before = store.ReadAudit().Count;

        foreach (var pair in new[] { mapping.Study.Uid, mapping.Series, mapping.SopInstance, mapping.OtherUids[0] })
        {
            (await store.TranslateUidAsync(LedgerTestBed.Workspace, pair.Pseudonymised, UidDirection.ToOriginal, Clinician)).Should().Be(pair.Original);
            (await store.TranslateUidAsync(LedgerTestBed.Workspace, pair.Original, UidDirection.ToPseudonymised, Clinician)).Should().Be(pair.Pseudonymised);
        }

        var translations = store.ReadAudit(before);
        translations.Should().HaveCount(8);
        translations.Count(e => e.Kind == AuditKinds.Reidentification).Should().Be(4);
        translations.Should().NotContain(e => e.Detail.Contains("1.2.826."));
    }

    [Theory]
    [InlineData("dr.who", "")]
    [InlineData("dr.who", "   ")]
    [InlineData("", "because")]
    public async Task Given_a_request_without_requester_or_reason_When_reidentifying_Then_it_is_refused_and_the_refusal_is_audited(string who, string why)
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        await store.RecordInstanceAsync(LedgerTestBed.Mapping(1, 0));

        var reidentify = () => store.ReidentifyPatientAsync(LedgerTestBed.Workspace, LedgerTestBed.Pseudonym(1), new AccessRequest(who, why));

        await reidentify.Should().ThrowAsync<LedgerAccessException>().WithMessage("Refused to re-identify a patient: no *");
        var last = store.ReadAudit()[^1];
        last.Kind.Should().Be(AuditKinds.Refusal);
        last.Detail.Should().Contain("re-identify a patient");
        store.ReadAudit().Should().NotContain(e => e.Kind == AuditKinds.Reidentification);
    }

    [Fact]
    public async Task Given_an_unknown_workspace_When_reidentifying_Then_it_is_refused_and_audited()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();

        var reidentify = () => store.ReidentifyPatientAsync("nowhere", "EDGE-000001", Clinician);

        await reidentify.Should().ThrowAsync<LedgerAccessException>().WithMessage("*'nowhere' is not in the ledger*");
        var last = store.ReadAudit()[^1];
        last.Kind.Should().Be(AuditKinds.Refusal);
        last.Workspace.Should().Be("nowhere");
        last.Actor.Should().Be(Clinician.Who);
    }
}
