using Edge.Ledger.Access;
using Edge.Ledger.Audit;
using Edge.Ledger.Mappings;

namespace Edge.Ledger.Tests.Maintenance;

public sealed class CrosswalkTests
{
    private static readonly AccessRequest Curator = new("curator", "MIDI-B validation submission");

    [Fact]
    public async Task Given_recorded_instances_When_exporting_the_crosswalk_Then_both_csv_files_hold_every_pair_with_header_id_old_id_new_and_mode_0600()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var mappings = Enumerable.Range(0, 4).SelectMany(p => Enumerable.Range(0, 15).Select(i => LedgerTestBed.Mapping(p, i))).ToList();
        await Task.WhenAll(mappings.Select(m => store.RecordInstanceAsync(m)));
        await store.GetOrCreateWorkspaceSecretAsync("other");
        await store.RecordInstanceAsync(LedgerTestBed.Mapping(99, 0, "other"));
        var output = bed.Temp("export/out");

        var export = await store.ExportCrosswalkAsync(LedgerTestBed.Workspace, output, Curator);

        export.UidCrosswalkPath.Should().Be(Path.Combine(output, "uid_crosswalk.csv"));
        export.PatientIdCrosswalkPath.Should().Be(Path.Combine(output, "patid_crosswalk.csv"));
        var uidLines = File.ReadAllLines(export.UidCrosswalkPath);
        var patientLines = File.ReadAllLines(export.PatientIdCrosswalkPath);
        uidLines[0].Should().Be("id_old,id_new");
        patientLines[0].Should().Be("id_old,id_new");
        var expectedUids = mappings.SelectMany(m => new[] { m.Study.Uid, m.Series, m.SopInstance }.Concat(m.OtherUids))
            .Distinct().Select(u => $"{u.Original},{u.Pseudonymised}");
        uidLines.Skip(1).Should().BeEquivalentTo(expectedUids);
        export.UidRows.Should().Be(uidLines.Length - 1);
        patientLines.Skip(1).Should().BeEquivalentTo(Enumerable.Range(0, 4).Select(p => $"{LedgerTestBed.PatientId(p)},{LedgerTestBed.Pseudonym(p)}"));
        File.GetUnixFileMode(export.UidCrosswalkPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(export.PatientIdCrosswalkPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(output).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var audit = store.ReadAudit().Last(e => e.Kind == AuditKinds.CrosswalkExported);
        (audit.Actor, audit.Reason, audit.Workspace).Should().Be(("curator", Curator.Why, LedgerTestBed.Workspace));
    }

    [Fact]
    public async Task Given_a_PatientID_with_a_comma_and_a_quote_When_exporting_Then_the_cell_is_quoted_as_RFC_4180_says()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var mapping = LedgerTestBed.Mapping(1, 0);
        await store.RecordInstanceAsync(mapping with { Patient = mapping.Patient with { OriginalPatientId = "12,3\"4" } });

        var export = await store.ExportCrosswalkAsync(LedgerTestBed.Workspace, bed.Temp("quoted"), Curator);

        File.ReadAllLines(export.PatientIdCrosswalkPath)[1].Should().Be($"\"12,3\"\"4\",{mapping.Patient.Pseudonym}");
    }

    [Fact]
    public async Task Given_no_reason_When_exporting_Then_it_is_refused_and_no_file_is_written()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var output = bed.Temp("refused");

        var export = () => store.ExportCrosswalkAsync(LedgerTestBed.Workspace, output, new AccessRequest("curator", ""));

        await export.Should().ThrowAsync<LedgerAccessException>();
        Directory.Exists(output).Should().BeFalse();
        store.ReadAudit()[^1].Kind.Should().Be(AuditKinds.Refusal);
    }
}
