using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Daemon.Pull;

/// <summary>
/// The pulls' state files under <c>STATE/pulls</c> (0700), one <c>ID.json</c> (0600) per pull, each replaced whole:
/// written to a temporary file, fsync'd, renamed over the old one, the directory fsync'd. A crash leaves the old
/// content or the new, never a mixture, so a restart finds every study that was done as done.
/// </summary>
internal sealed class PullStore
{
    private const string Extension = ".json";
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public PullStore(string stateDirectory)
    {
        Directory = Path.Combine(Path.GetFullPath(stateDirectory), "pulls");
    }

    public string Directory { get; }

    /// <summary>Creates the directory if needed and reads every pull; files that cannot be read are returned by name.</summary>
    public (List<PullRecord> Pulls, List<string> Unreadable) LoadAll()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.SetUnixFileMode(Directory, PrivateDirectory);
        var pulls = new List<PullRecord>();
        var unreadable = new List<string>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.'))
            {
                // A temporary file of a write a crash cut short; the state file it was to replace is intact.
                File.Delete(path);
                continue;
            }
            if (!name.EndsWith(Extension, StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                var record = JsonSerializer.Deserialize<PullRecord>(File.ReadAllBytes(path), s_json);
                if (record is not null && record.Id + Extension == name)
                {
                    pulls.Add(record);
                    continue;
                }
            }
            catch (JsonException)
            {
            }
            unreadable.Add(name);
        }
        return (pulls, unreadable);
    }

    /// <summary>Replaces the pull's state file with <paramref name="record"/>'s content, durably.</summary>
    public void Save(PullRecord record) => Write(Path.Combine(Directory, record.Id + Extension), JsonSerializer.SerializeToUtf8Bytes(record, s_json));

    private void Write(string path, byte[] content)
    {
        var temporary = Path.Combine(Directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = PrivateFile,
            }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            FsyncDirectory(Directory);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;

    /// <summary>Makes the rename durable: .NET has no call to fsync a directory.</summary>
    private static void FsyncDirectory(string path)
    {
        var fd = Open(Encoding.UTF8.GetBytes(path + "\0"), ORdOnly | OCloExec);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {path} to make it durable (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of {path} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
