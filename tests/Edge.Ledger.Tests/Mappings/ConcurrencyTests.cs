using Edge.Ledger.Access;
using Edge.Ledger.Mappings;

namespace Edge.Ledger.Tests.Mappings;

public sealed class ConcurrencyTests
{
    private static readonly AccessRequest Auditor = new("alice", "concurrency check");

    [Fact]
    public async Task Given_many_parallel_writers_and_readers_When_they_run_together_Then_no_mapping_is_lost_and_no_caller_sees_an_error()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync(options: new LedgerOptions { MaxBatchSize = 64 });
        await store.GetOrCreateWorkspaceSecretAsync("research-b");
        const int Patients = 40;
        const int PerPatient = 50;
        using var writersDone = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (var p = w; p < Patients; p += 16)
            {
                for (var i = 0; i < PerPatient; i++)
                {
                    await store.RecordInstanceAsync(LedgerTestBed.Mapping(p, i, p % 2 == 0 ? LedgerTestBed.Workspace : "research-b"));
                }
            }
        })).ToList();
        var readers = Enumerable.Range(0, 6).Select(r => Task.Run(async () =>
        {
            var reads = 0;
            while (!writersDone.IsCancellationRequested || reads == 0)
            {
                var p = reads % Patients;
                var workspace = p % 2 == 0 ? LedgerTestBed.Workspace : "research-b";
                store.FindPatientPseudonym(workspace, LedgerTestBed.PatientId(p), p % 2 == 0 ? "HOSPITAL-A" : null);
                store.ListWorkspaces();
                if (r == 0)
                {
                    store.VerifyAudit().Intact.Should().BeTrue();
                }
                if (r == 1)
                {
                    await store.TranslateUidAsync(workspace, LedgerTestBed.Mapping(p, 0, workspace).SopInstance.Original,
                        UidDirection.ToPseudonymised, Auditor);
                }
                reads++;
            }
            return reads;
        })).ToList();
        await Task.WhenAll(writers);
        await writersDone.CancelAsync();
        var readCounts = await Task.WhenAll(readers);

        readCounts.Should().OnlyContain(n => n > 0);
        bed.Close();
        using var reopened = bed.Reopen();
        foreach (var p in Enumerable.Range(0, Patients))
        {
            var workspace = p % 2 == 0 ? LedgerTestBed.Workspace : "research-b";
            foreach (var i in Enumerable.Range(0, PerPatient))
            {
                var mapping = LedgerTestBed.Mapping(p, i, workspace);
                (await reopened.TranslateUidAsync(workspace, mapping.SopInstance.Original, UidDirection.ToPseudonymised, Auditor))
                    .Should().Be(mapping.SopInstance.Pseudonymised);
            }
        }
        bed.Count("SELECT count(*) FROM instances").Should().Be(Patients * PerPatient);
        reopened.VerifyAudit().Intact.Should().BeTrue();
    }

    [Fact]
    public async Task Given_two_ledger_stores_on_one_database_as_two_processes_would_When_both_write_at_once_Then_neither_sees_database_is_locked_and_the_chain_holds()
    {
        await using var bed = new LedgerTestBed();
        var first = await bed.InitialiseAsync();
        using var second = LedgerStore.Open(bed.Location);

        var fromFirst = Enumerable.Range(0, 10).SelectMany(p => Enumerable.Range(0, 30).Select(i => first.RecordInstanceAsync(LedgerTestBed.Mapping(p, i))));
        var fromSecond = Enumerable.Range(10, 10).SelectMany(p => Enumerable.Range(0, 30).Select(i => second.RecordInstanceAsync(LedgerTestBed.Mapping(p, i))));
        var secrets = Enumerable.Range(0, 20).Select(w => second.GetOrCreateWorkspaceSecretAsync("ws-" + w));
        await Task.WhenAll(fromFirst.Concat(fromSecond).Concat(secrets));

        bed.Count("SELECT count(*) FROM instances").Should().Be(600);
        second.VerifyAudit().Should().Be(Edge.Ledger.Audit.AuditVerification.Ok(bed.Count("SELECT count(*) FROM audit_events")));
    }
}
