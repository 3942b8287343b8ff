using Edge.Ledger.Maintenance;

namespace Edge.Ledger;

/// <summary>Maintenance of a ledger no process has open (stop edged first; both refuse otherwise).</summary>
public sealed partial class LedgerStore
{
    /// <summary>
    /// Rotates the key: backs the ledger up to <paramref name="backupPath"/> (a new file), re-encrypts the database
    /// and the backup with a new random key, writes it to the key file (0600), and audits the rotation.
    /// </summary>
    public static RekeyResult Rekey(LedgerLocation location, string backupPath, string actor, LedgerOptions? options = null)
    {
        options ??= new LedgerOptions();
        options.Validate();
        return LedgerMaintenance.Rekey(location, backupPath, actor, options);
    }

    /// <summary>Replaces the ledger with a backup taken by <see cref="BackupAsync"/> or <see cref="Rekey"/>.</summary>
    public static void Restore(LedgerLocation location, string backupPath, string actor, LedgerOptions? options = null)
    {
        options ??= new LedgerOptions();
        options.Validate();
        LedgerMaintenance.Restore(location, backupPath, actor, options);
    }
}
