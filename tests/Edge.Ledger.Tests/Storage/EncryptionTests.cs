using System.Text;
using Edge.Ledger.Storage;
using Edge.Testing;

namespace Edge.Ledger.Tests.Storage;

public sealed class EncryptionTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Given_an_ingest_When_reading_every_ledger_file_byte_Then_there_is_no_SQLite_header_and_no_original_PatientID_or_name()
    {
        await using var bed = new LedgerTestBed();
        var store = await bed.InitialiseAsync();
        await Task.WhenAll(Enumerable.Range(0, 20).SelectMany(p => Enumerable.Range(0, 5).Select(i =>
            store.RecordInstanceAsync(LedgerTestBed.Mapping(p, i)))));
        // Look at the files while open (database, WAL, shared memory) and again once closed.
        var whileOpen = LedgerFilesBytes(bed);
        bed.Close();
        var closed = LedgerFilesBytes(bed);

        Encoding.ASCII.GetString(File.ReadAllBytes(bed.Location.DatabasePath), 0, 16).Should().NotStartWith("SQLite format 3");
        foreach (var bytes in new[] { whileOpen, closed })
        {
            var text = Encoding.Latin1.GetString(bytes);
            foreach (var p in Enumerable.Range(0, 20))
            {
                text.Should().NotContain(LedgerTestBed.PatientId(p));
                text.Should().NotContain(LedgerTestBed.PatientName(p));
            }
            text.Should().NotContain("ORIGPID").And.NotContain("Quixotic");
        }
    }

    [Fact]
    public async Task Given_the_encrypted_ledger_When_sqlite3_lists_its_tables_Then_it_fails()
    {
        ExternalTool.Require("sqlite3");
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync();
        bed.Close();

        var result = ExternalTool.Run("sqlite3", bed.Location.DatabasePath, ".tables");

        result.ExitCode.Should().NotBe(0);
        result.Output.Should().Contain("not a database");
        result.Output.Should().NotContain("patients");
    }

    [Fact]
    public async Task Given_the_key_When_the_sqlcipher_shell_opens_the_ledger_with_its_page_size_Then_it_lists_the_tables()
    {
        ExternalTool.Require("sqlcipher");
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync();
        bed.Close();
        var key = File.ReadAllText(bed.Location.KeyFilePath).Trim();

        var result = ExternalTool.Run("sqlcipher", [bed.Location.DatabasePath],
            stdin: $"PRAGMA key = \"x'{key}'\";\nPRAGMA cipher_page_size = 4096;\n.tables\n");

        result.ExitCode.Should().Be(0, result.Output);
        result.StdOut.Should().Contain("audit_events").And.Contain("patients").And.Contain("instances");
    }

    [Fact]
    public async Task Given_a_wrong_key_in_the_key_file_When_opening_Then_a_key_exception_says_the_key_does_not_decrypt_the_ledger()
    {
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync();
        bed.Close();
        File.WriteAllText(bed.Location.KeyFilePath, new string('7', 64) + "\n");

        var open = () => LedgerStore.Open(bed.Location);

        open.Should().Throw<LedgerKeyException>()
            .WithMessage($"*key file {bed.Location.KeyFilePath} does not decrypt {bed.Location.DatabasePath}: wrong key*");
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead, "0604")]
    public async Task Given_a_key_file_others_may_read_When_opening_Then_it_refuses_and_says_which_mode_is_wrong(UnixFileMode mode, string octal)
    {
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync();
        bed.Close();
        File.SetUnixFileMode(bed.Location.KeyFilePath, mode);

        var open = () => LedgerStore.Open(bed.Location);

        open.Should().Throw<LedgerKeyException>().WithMessage($"*has mode {octal}; it must be 0600 or 0400*");
    }

    [Fact]
    public async Task Given_a_read_only_0400_key_file_When_opening_Then_it_is_accepted()
    {
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync();
        bed.Close();
        File.SetUnixFileMode(bed.Location.KeyFilePath, UnixFileMode.UserRead);

        bed.Reopen().ListWorkspaces().Should().ContainSingle(w => w.Name == LedgerTestBed.Workspace);
    }

    [Fact]
    public async Task Given_init_When_it_completes_Then_the_directory_is_0700_and_the_database_and_key_file_are_0600()
    {
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync();

        File.GetUnixFileMode(bed.Location.Directory).Should().Be(PrivateDirectory.OwnerOnly);
        File.GetUnixFileMode(bed.Location.DatabasePath).Should().Be(OwnerReadWrite);
        File.GetUnixFileMode(bed.Location.KeyFilePath).Should().Be(OwnerReadWrite);
        bed.Location.DatabasePath.Should().Be(Path.Combine(bed.StateDirectory, "ledger", "ledger.db"));
        File.ReadAllText(bed.Location.KeyFilePath).Trim().Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public async Task Given_a_systemd_credential_When_initialising_and_reopening_Then_no_key_file_is_written_and_the_credential_opens_the_ledger()
    {
        await using var bed = new LedgerTestBed();
        using var credentials = new TempDirectory("edge-credentials");
        File.WriteAllText(Path.Combine(credentials.Path, LedgerLocation.CredentialName), new string('c', 64));
        var location = bed.Location with { CredentialsDirectory = credentials.Path };

        LedgerStore.Initialise(location).Dispose();
        using var reopened = LedgerStore.Open(location);

        File.Exists(location.KeyFilePath).Should().BeFalse();
        reopened.VerifyAudit().Intact.Should().BeTrue();
        var withoutCredential = () => LedgerStore.Open(bed.Location);
        withoutCredential.Should().Throw<LedgerKeyException>().WithMessage("*does not exist*");
    }

    [Fact]
    public async Task Given_an_existing_ledger_When_initialising_again_Then_it_refuses_and_keeps_the_ledger()
    {
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync();
        bed.Close();
        var key = File.ReadAllText(bed.Location.KeyFilePath);

        var again = () => LedgerStore.Initialise(bed.Location);

        again.Should().Throw<LedgerException>().WithMessage("*already exists*");
        File.ReadAllText(bed.Location.KeyFilePath).Should().Be(key);
        bed.Reopen().ListWorkspaces().Should().HaveCount(1);
    }

    [Fact]
    public async Task Given_no_ledger_When_opening_Then_it_says_to_run_init()
    {
        await using var bed = new LedgerTestBed();

        var open = () => LedgerStore.Open(bed.Location);

        open.Should().Throw<LedgerException>().WithMessage("*edged ledger init*");
    }

    [Fact]
    public async Task Given_a_ledger_When_asking_the_engine_Then_it_is_SQLCipher_on_SQLite_3_15()
    {
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync();
        using var connection = bed.OpenRaw();

        LedgerConnection.Scalar<string>(connection, "PRAGMA cipher_version").Should().NotBeNullOrEmpty();
        LedgerConnection.Scalar<string>(connection, "SELECT sqlite_version()").Should().StartWith("3.15");
        LedgerConnection.Scalar<string>(connection, "PRAGMA journal_mode").Should().Be("wal");
    }

    private static byte[] LedgerFilesBytes(LedgerTestBed bed) =>
        Directory.GetFiles(bed.Location.Directory, "ledger.db*").SelectMany(File.ReadAllBytes).ToArray();
}
