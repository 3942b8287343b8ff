using Edge.Daemon.Composition;
using Edge.Deid.Engine;
using Edge.Deid.Pseudonyms;
using Edge.Ledger;

namespace Edge.Daemon.Commands;

/// <summary>A workspace secret that cannot be had: the message says why.</summary>
internal sealed class SecretSourceException(string message) : Exception(message);

/// <summary>Where an offline command gets the workspace secret: a secret file, or the ledger.</summary>
internal static class SecretSource
{
    public static (WorkspaceKey Key, IDeidMappingSink? Sink, IDisposable? Owner) Open(FileInfo? secretFile, DirectoryInfo? stateDir, string? workspace)
    {
        if (secretFile is not null)
        {
            return (new WorkspaceKey(workspace ?? "offline", ReadSecretFile(secretFile)), null, null);
        }
        if (stateDir is not null)
        {
            if (string.IsNullOrWhiteSpace(workspace))
            {
                throw new SecretSourceException("--state-dir needs --workspace NAME: the secret belongs to a workspace");
            }
            try
            {
                // The ledger is created on first use, like the daemon does on its first start.
                var location = LedgerLocation.FromStateDirectory(stateDir.FullName);
                var ledger = File.Exists(location.DatabasePath) ? LedgerStore.Open(location) : LedgerStore.Initialise(location);
                var secret = ledger.GetOrCreateWorkspaceSecretAsync(workspace).GetAwaiter().GetResult();
                return (new WorkspaceKey(workspace, secret), new LedgerMappingSink(ledger), ledger);
            }
            catch (LedgerException ex)
            {
                throw new SecretSourceException(ex.Message);
            }
        }
        throw new SecretSourceException("give --secret-file FILE, or --state-dir DIR with --workspace NAME");
    }

    /// <summary>64 hexadecimal characters (32 bytes), or the file's raw bytes when they are not hex (at least 16).</summary>
    public static byte[] ReadSecretFile(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new SecretSourceException($"secret file {file.FullName} does not exist");
        }
        if ((file.UnixFileMode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            Console.Error.WriteLine($"warning: secret file {file.FullName} is readable by other users; chmod 600 it");
        }
        var bytes = File.ReadAllBytes(file.FullName);
        var text = System.Text.Encoding.ASCII.GetString(bytes).Trim();
        if (text.Length >= 32 && text.Length % 2 == 0 && text.All(char.IsAsciiHexDigit))
        {
            return Convert.FromHexString(text);
        }
        if (bytes.Length < 16)
        {
            throw new SecretSourceException($"secret file {file.FullName} holds {bytes.Length} bytes; a secret needs at least 16 (128 bits)");
        }
        return bytes;
    }
}
