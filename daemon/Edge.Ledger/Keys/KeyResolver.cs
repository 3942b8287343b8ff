namespace Edge.Ledger.Keys;

/// <summary>A key and where it came from (named in error messages, never the key itself).</summary>
internal sealed record ResolvedKey(LedgerKey Key, string Source, bool FromCredential);

/// <summary>
/// Finds the ledger key: the systemd credential when present (so <c>LoadCredentialEncrypted=</c> keeps it off disk),
/// else the key file beside the database. The key never comes from configuration.
/// </summary>
internal static class KeyResolver
{
    public static ResolvedKey Load(LedgerLocation location) =>
        location.CredentialPath is { } credential
            ? new ResolvedKey(KeyFile.ReadCredential(credential), "systemd credential " + credential, FromCredential: true)
            : new ResolvedKey(KeyFile.Read(location.KeyFilePath), "key file " + location.KeyFilePath, FromCredential: false);

    /// <summary>
    /// Completes a rotation interrupted between writing the pending key file and renaming it over the key file.
    /// The current key is tried first (with it SQLite rolls back a rotation cut short); if the database already
    /// answers to the pending key, that key becomes the key file. If neither works, both stay for the administrator.
    /// </summary>
    public static void FinishInterruptedRotation(LedgerLocation location, Func<LedgerKey, bool> decrypts)
    {
        if (!File.Exists(location.PendingKeyFilePath))
        {
            return;
        }
        if (CurrentKeyDecrypts(location, decrypts))
        {
            File.Delete(location.PendingKeyFilePath);
            return;
        }
        using var pending = KeyFile.Read(location.PendingKeyFilePath);
        if (decrypts(pending))
        {
            KeyFile.Promote(location.PendingKeyFilePath, location.KeyFilePath);
        }
    }

    private static bool CurrentKeyDecrypts(LedgerLocation location, Func<LedgerKey, bool> decrypts)
    {
        try
        {
            using var current = Load(location).Key;
            return decrypts(current);
        }
        catch (LedgerKeyException)
        {
            return false;
        }
    }
}
