using System.Text;
using Edge.Ledger;
using Edge.Testing;

namespace Edge.Workspaces.Tests.Storage;

public sealed class SqliteCoexistenceTests : IDisposable
{
    private readonly WorkspaceTestBed _bed = new();
    private readonly TempDirectory _ledgerState = new("edge-ledger-coexist");

    public void Dispose()
    {
        _bed.Dispose();
        _ledgerState.Dispose();
    }

    private static string Header(string path)
    {
        var bytes = new byte[16];
        using var stream = File.OpenRead(path);
        stream.ReadExactly(bytes);
        return Encoding.ASCII.GetString(bytes);
    }

    [Fact]
    public async Task Given_an_index_opened_first_When_the_ledger_starts_in_the_same_process_Then_both_work_and_only_the_ledger_is_encrypted()
    {
        // No other test in this assembly opens a ledger, so the index's initialiser always runs first here:
        // the order in which the ledger could have been locked out of its own SQLCipher set-up.
        var store = await _bed.OpenAsync();
        await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.1"));

        var location = LedgerLocation.FromStateDirectory(_ledgerState.Path) with { CredentialsDirectory = null };
        using (var ledger = LedgerStore.Initialise(location))
        {
            await ledger.GetOrCreateWorkspaceSecretAsync("project-a");
        }
        await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.2"));

        (await store.GetStatsAsync()).Instances.Should().Be(2);
        Header(Path.Combine(_bed.StateDirectory, "index", "project-a.db")).Should().Be("SQLite format 3\0");
        Header(location.DatabasePath).Should().NotBe("SQLite format 3\0");
        using var reopened = LedgerStore.Open(location);
    }
}
