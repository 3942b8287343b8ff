namespace Edge.Ledger;

/// <summary>
/// Where a ledger lives: its own directory (0700) apart from every workspace, the database (0600), the key file
/// (0600 or 0400) and, when running under systemd, the credentials directory that may hold the key instead.
/// </summary>
public sealed record LedgerLocation(string Directory, string DatabasePath, string KeyFilePath, string? CredentialsDirectory)
{
    /// <summary>Name of the systemd credential (<c>LoadCredentialEncrypted=ledger-key:...</c>).</summary>
    public const string CredentialName = "ledger-key";

    /// <summary>
    /// The default layout, <c>STATE/ledger/ledger.db</c> and <c>STATE/ledger/ledger.key</c>, with the credentials
    /// directory systemd announces in <c>$CREDENTIALS_DIRECTORY</c> (override with <c>with { CredentialsDirectory = ... }</c>).
    /// </summary>
    public static LedgerLocation FromStateDirectory(string stateDirectory)
    {
        var dir = Path.Combine(Path.GetFullPath(stateDirectory), "ledger");
        var credentials = Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY");
        return new LedgerLocation(dir, Path.Combine(dir, "ledger.db"), Path.Combine(dir, "ledger.key"),
            string.IsNullOrEmpty(credentials) ? null : credentials);
    }

    /// <summary>The credential file when systemd provides one, else null.</summary>
    public string? CredentialPath =>
        CredentialsDirectory is { } d && File.Exists(Path.Combine(d, CredentialName)) ? Path.Combine(d, CredentialName) : null;

    /// <summary>Where a rotated key waits until the database has been re-encrypted with it.</summary>
    internal string PendingKeyFilePath => KeyFilePath + ".new";
}
