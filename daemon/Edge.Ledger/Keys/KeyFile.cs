using Edge.Platform;

namespace Edge.Ledger.Keys;

/// <summary>
/// Reads and writes key files. A key file readable by group or other is refused rather than trusted: whoever can read
/// it can read every identity in the ledger.
/// </summary>
internal static class KeyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static LedgerKey Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new LedgerKeyException($"The ledger key file {path} does not exist; run 'edged ledger init' or provide the systemd credential '{LedgerLocation.CredentialName}'.");
        }
        var mode = File.GetUnixFileMode(path);
        if (mode is not (OwnerReadWrite or UnixFileMode.UserRead))
        {
            throw new LedgerKeyException(
                $"The ledger key file {path} has mode {Octal(mode)}; it must be 0600 or 0400 (owner only). Refusing to use it: run 'chmod 600 {path}' if it was not exposed, else rotate the key.");
        }
        return ReadContent(path, "key file " + path);
    }

    /// <summary>A systemd credential: its directory is private to the service, so only the content is checked.</summary>
    public static LedgerKey ReadCredential(string path) => ReadContent(path, "systemd credential " + path);

    /// <summary>Writes atomically and durably (temporary file, fsync, rename, directory fsync) with mode 0600 from creation, never wider.</summary>
    public static void Write(string path, LedgerKey key)
    {
        var content = key.ToFileBytes();
        try
        {
            DurableFile.Replace(path, content, OwnerReadWrite);
        }
        finally
        {
            Array.Clear(content);
        }
    }

    /// <summary>
    /// Renames a key file over another and makes the rename durable: a rotation must never leave a rekeyed ledger
    /// beside a key file that a power loss put back to the previous key.
    /// </summary>
    public static void Promote(string source, string path) => DurableFile.Move(source, path);

    private static LedgerKey ReadContent(string path, string source)
    {
        var content = File.ReadAllBytes(path);
        try
        {
            return LedgerKey.Parse(content, source);
        }
        finally
        {
            Array.Clear(content);
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8);
}
