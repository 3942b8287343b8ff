namespace Edge.Ledger.Storage;

/// <summary>Directories that only the service user may enter.</summary>
internal static class PrivateDirectory
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory 0700, or narrows an existing one to 0700.</summary>
    public static void Ensure(string path)
    {
        if (Directory.Exists(path))
        {
            File.SetUnixFileMode(path, OwnerOnly);
            return;
        }
        Directory.CreateDirectory(path, OwnerOnly);
    }
}
