using System.Text;
using Edge.Ledger.Access;
using Edge.Ledger.Audit;
using Edge.Ledger.Keys;
using Edge.Ledger.Mappings;
using Edge.Ledger.Storage;

namespace Edge.Ledger.Tests.Maintenance;

public sealed class BackupAndKeyTests
{
    private static readonly AccessRequest Admin = new("admin", "check");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Given_a_ledger_in_use_When_backing_up_Then_the_backup_is_0600_encrypted_with_the_same_key_and_holds_every_mapping()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => store.RecordInstanceAsync(LedgerTestBed.Mapping(1, i))));
        var backup = bed.Temp("backup.db");

        await store.BackupAsync(backup, "admin");

        File.GetUnixFileMode(backup).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Encoding.ASCII.GetString(File.ReadAllBytes(backup), 0, 15).Should().NotBe("SQLite format 3");
        using var key = KeyFile.Read(bed.Location.KeyFilePath);
        using (var copy = LedgerConnection.Open(backup, key, "test", Timeout))
        {
            LedgerConnection.Scalar<long>(copy, "SELECT count(*) FROM instances").Should().Be(30);
            AuditVerifier.Verify(copy).Intact.Should().BeTrue();
        }
        store.ReadAudit()[^1].Kind.Should().Be(AuditKinds.BackupTaken);
        var again = () => store.BackupAsync(backup, "admin");
        await again.Should().ThrowAsync<LedgerException>().WithMessage("*already exists*");
    }

    [Fact]
    public async Task Given_a_backup_and_later_writes_When_restoring_it_Then_the_ledger_is_back_to_the_backup_and_the_restore_is_audited()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        await store.RecordInstanceAsync(LedgerTestBed.Mapping(1, 0));
        var backup = bed.Temp("before.db");
        await store.BackupAsync(backup, "admin");
        await store.RecordInstanceAsync(LedgerTestBed.Mapping(2, 0));
        bed.Close();

        LedgerStore.Restore(bed.Location, backup, "admin");

        var restored = bed.Reopen();
        bed.Count("SELECT count(*) FROM instances").Should().Be(1);
        (await restored.LookUpPatientPseudonymAsync(LedgerTestBed.Workspace, LedgerTestBed.PatientId(2), "HOSPITAL-A", Admin)).Should().BeNull();
        restored.ReadAudit().Should().Contain(e => e.Kind == AuditKinds.Restored);
        restored.VerifyAudit().Intact.Should().BeTrue();
    }

    [Fact]
    public async Task Given_an_open_ledger_When_restoring_or_rekeying_from_elsewhere_Then_both_refuse_because_it_is_in_use()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        var backup = bed.Temp("b.db");
        await store.BackupAsync(backup, "admin");

        var restore = () => LedgerStore.Restore(bed.Location, backup, "admin");
        var rekey = () => LedgerStore.Rekey(bed.Location, bed.Temp("r.db"), "admin");

        restore.Should().Throw<LedgerException>().WithMessage("*in use*");
        rekey.Should().Throw<LedgerException>().WithMessage("*in use*");
        File.Exists(bed.Location.PendingKeyFilePath).Should().BeFalse();
    }

    [Fact]
    public async Task Given_a_closed_ledger_When_rekeyed_Then_the_old_key_no_longer_opens_it_the_new_key_file_does_and_the_backup_uses_the_new_key()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        await store.RecordInstanceAsync(LedgerTestBed.Mapping(1, 0));
        bed.Close();
        var oldKey = File.ReadAllText(bed.Location.KeyFilePath);
        var backup = bed.Temp("pre-rotation.db");

        var result = LedgerStore.Rekey(bed.Location, backup, "admin");

        File.ReadAllText(bed.Location.KeyFilePath).Should().NotBe(oldKey);
        File.GetUnixFileMode(bed.Location.KeyFilePath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        result.CredentialMustBeReplaced.Should().BeFalse();
        result.KeyFingerprint.Should().NotBe(result.PreviousKeyFingerprint);
        using (var old = KeyFile.Read(bed.Location.KeyFilePath))
        {
            LedgerConnection.KeyDecrypts(backup, old, Timeout).Should().BeTrue();
        }
        using (var previous = LedgerKey.Parse(Encoding.ASCII.GetBytes(oldKey), "test"))
        {
            LedgerConnection.KeyDecrypts(bed.Location.DatabasePath, previous, Timeout).Should().BeFalse();
            LedgerConnection.KeyDecrypts(backup, previous, Timeout).Should().BeFalse();
        }
        var reopened = bed.Reopen();
        reopened.ReadAudit()[^1].Kind.Should().Be(AuditKinds.KeyRotated);
        reopened.VerifyAudit().Intact.Should().BeTrue();
        (await reopened.LookUpPatientPseudonymAsync(LedgerTestBed.Workspace, LedgerTestBed.PatientId(1), null, Admin))
            .Should().Be(LedgerTestBed.Pseudonym(1));
    }

    [Fact]
    public async Task Given_a_rotation_cut_off_after_the_database_was_reencrypted_When_opening_Then_the_pending_key_becomes_the_key_file()
    {
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync();
        bed.Close();
        var oldKeyFile = bed.Temp("old.key");
        File.Copy(bed.Location.KeyFilePath, oldKeyFile);
        LedgerStore.Rekey(bed.Location, bed.Temp("rotation.db"), "admin");
        // As if the process died before renaming: the new key is still pending, the old key file still in place.
        File.Move(bed.Location.KeyFilePath, bed.Location.PendingKeyFilePath);
        File.Copy(oldKeyFile, bed.Location.KeyFilePath);

        using var reopened = LedgerStore.Open(bed.Location);

        File.Exists(bed.Location.PendingKeyFilePath).Should().BeFalse();
        File.ReadAllText(bed.Location.KeyFilePath).Should().NotBe(File.ReadAllText(oldKeyFile));
        reopened.VerifyAudit().Intact.Should().BeTrue();
    }

    [Fact]
    public async Task Given_a_rotation_cut_off_before_the_database_changed_When_opening_Then_the_pending_key_is_discarded()
    {
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync();
        bed.Close();
        using (var unused = LedgerKey.Generate())
        {
            KeyFile.Write(bed.Location.PendingKeyFilePath, unused);
        }
        var key = File.ReadAllText(bed.Location.KeyFilePath);

        using var reopened = LedgerStore.Open(bed.Location);

        File.Exists(bed.Location.PendingKeyFilePath).Should().BeFalse();
        File.ReadAllText(bed.Location.KeyFilePath).Should().Be(key);
    }
}
