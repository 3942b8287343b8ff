using System.Globalization;
using Edge.Ledger.Keys;
using Edge.Ledger.Mappings;
using Edge.Ledger.Storage;
using Edge.Testing;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger.Tests;

/// <summary>A fresh ledger in a temporary state directory, and recognisable test identities to map.</summary>
public sealed class LedgerTestBed : IAsyncDisposable
{
    public const string Workspace = "research-a";

    private readonly TempDirectory _state = new("edge-ledger");

    public LedgerTestBed()
    {
        // Never pick up a credential from the environment the tests run in.
        Location = LedgerLocation.FromStateDirectory(_state.Path) with { CredentialsDirectory = null };
    }

    public LedgerLocation Location { get; }

    public string StateDirectory => _state.Path;

    public LedgerStore? Store { get; private set; }

    public string Temp(string name) => _state.Combine(name);

    public async Task<LedgerStore> InitialiseAsync(string workspace = Workspace, LedgerOptions? options = null)
    {
        Store = LedgerStore.Initialise(Location, options);
        await Store.GetOrCreateWorkspaceSecretAsync(workspace);
        return Store;
    }

    public LedgerStore Reopen(LedgerOptions? options = null)
    {
        Store?.Dispose();
        Store = LedgerStore.Open(Location, options);
        return Store;
    }

    public void Close()
    {
        Store?.Dispose();
        Store = null;
    }

    /// <summary>The original PatientID of test patient <paramref name="patient"/>: distinctive enough to grep for.</summary>
    public static string PatientId(int patient) => "ORIGPID" + patient.ToString("D6", CultureInfo.InvariantCulture);

    public static string PatientName(int patient) => "Quixotic^Zebedee" + patient.ToString(CultureInfo.InvariantCulture);

    public static string Pseudonym(int patient) => "EDGE-" + patient.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Instance <paramref name="instance"/> of patient <paramref name="patient"/>: ten per series, two series per study.</summary>
    public static InstanceMapping Mapping(int patient, int instance, string workspace = Workspace)
    {
        var p = patient.ToString(CultureInfo.InvariantCulture);
        var study = p + "." + (instance / 20).ToString(CultureInfo.InvariantCulture);
        var series = study + "." + (instance / 10).ToString(CultureInfo.InvariantCulture);
        var sop = series + "." + instance.ToString(CultureInfo.InvariantCulture);
        return new InstanceMapping(workspace,
            new PatientMapping(PatientId(patient), patient % 2 == 0 ? "HOSPITAL-A" : null, PatientName(patient), "19610412",
                Pseudonym(patient), -(patient % 30) - 1),
            new StudyMapping(new UidPair("1.2.826.1." + study, "2.25.1" + study), "ACC" + study, "PACC" + study, "20240102", "20231203"),
            new UidPair("1.2.826.2." + series, "2.25.2" + series),
            new UidPair("1.2.826.3." + sop, "2.25.3" + sop),
            [new UidPair("1.2.826.4." + p, "2.25.4" + p)]);
    }

    /// <summary>A raw connection to the ledger with its key, for tests that inspect or tamper with rows.</summary>
    internal SqliteConnection OpenRaw()
    {
        using var key = KeyFile.Read(Location.KeyFilePath);
        return LedgerConnection.Open(Location.DatabasePath, key, "test", TimeSpan.FromSeconds(30));
    }

    internal long Count(string sql)
    {
        using var connection = OpenRaw();
        return LedgerConnection.Scalar<long>(connection, sql);
    }

    public async ValueTask DisposeAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }
        _state.Dispose();
    }
}
