namespace Edge.Ledger.Maintenance;

/// <summary>
/// Outcome of a key rotation. When the old key came from a systemd credential, the new key is in
/// <see cref="KeyFilePath"/> and the credential must be re-created from it (then the file removed) before restarting.
/// </summary>
public sealed record RekeyResult(string KeyFilePath, string BackupPath, string PreviousKeyFingerprint, string KeyFingerprint,
    bool CredentialMustBeReplaced);
