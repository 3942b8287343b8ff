using System.Security.Cryptography;
using System.Text.Json;
using Edge.Platform;

namespace Edge.Daemon.Ingest;

/// <summary>Why and where an instance was held, without any patient data: shown to admins by edgectl.</summary>
public sealed record QuarantineEntry(
    string Id,
    DateTimeOffset ReceivedAt,
    string Workspace,
    string CallingAeTitle,
    string SopClassUid,
    string TransferSyntaxUid,
    string Stage,
    string Reason,
    long Size,
    string Sha256)
{
    /// <summary>How many times an admin retried it; each retry records the stage and problem that still hold it.</summary>
    public int Retries { get; init; }
}

/// <summary>
/// Instances that could not be fully de-identified, kept for review outside every workspace: a directory 0700 per
/// instance holding the data as received (it contains PHI) and a metadata file that does not.
/// </summary>
public sealed class QuarantineStore
{
    public const string DataFileName = "dataset.bin";
    public const string MetaFileName = "entry.json";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public QuarantineStore(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }

    /// <summary>
    /// Moves a received data set (the open spool file) into quarantine with its reason; returns the entry. The hash
    /// and size come from the open stream: the spool is opened exclusively, and on Linux .NET enforces that with a
    /// lock that a second open of the same file would fail on. The entry is written last and atomically, so a
    /// directory without one is an interrupted move, never a half-read record.
    /// </summary>
    public QuarantineEntry Add(FileStream spool, string workspace, string callingAe, string sopClassUid, string transferSyntaxUid, string stage, string reason)
    {
        spool.Flush();
        spool.Position = 0;
        var hash = Convert.ToHexStringLower(SHA256.HashData(spool));
        var id = Guid.NewGuid().ToString("N");
        var dir = Path.Combine(Directory, id);
        System.IO.Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var data = Path.Combine(dir, DataFileName);
        File.Move(spool.Name, data);
        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var entry = new QuarantineEntry(id, DateTimeOffset.UtcNow, workspace, callingAe, sopClassUid, transferSyntaxUid, stage, reason,
            spool.Length, hash);
        WriteEntry(dir, entry);
        return entry;
    }

    /// <summary>Records a retry that left the item held: one more retry, and the stage and problem that hold it now.</summary>
    public QuarantineEntry RecordRetry(QuarantineEntry entry, string stage, string problem)
    {
        var updated = entry with { Stage = stage, Reason = problem, Retries = entry.Retries + 1 };
        WriteEntry(Path.Combine(Directory, entry.Id), updated);
        return updated;
    }

    /// <summary>The entry is replaced atomically and durably: a reader sees the old record or the new one, never half of one.</summary>
    private static void WriteEntry(string dir, QuarantineEntry entry) =>
        DurableFile.Replace(Path.Combine(dir, MetaFileName), JsonSerializer.SerializeToUtf8Bytes(entry, s_json),
            UnixFileMode.UserRead | UnixFileMode.UserWrite);

    public IReadOnlyList<QuarantineEntry> List() =>
        System.IO.Directory.EnumerateDirectories(Directory)
            .Select(d => Path.Combine(d, MetaFileName))
            .Where(File.Exists)
            .Select(Read)
            .OfType<QuarantineEntry>()
            .OrderBy(e => e.ReceivedAt)
            .ToList();

    public QuarantineEntry? Find(string id) =>
        IsId(id) && File.Exists(Path.Combine(Directory, id, MetaFileName)) ? Read(Path.Combine(Directory, id, MetaFileName)) : null;

    public string DataPath(string id) => IsId(id) ? Path.Combine(Directory, id, DataFileName) : throw new ArgumentException("not a quarantine id", nameof(id));

    public bool Delete(string id)
    {
        if (!IsId(id) || !System.IO.Directory.Exists(Path.Combine(Directory, id)))
        {
            return false;
        }
        System.IO.Directory.Delete(Path.Combine(Directory, id), recursive: true);
        return true;
    }

    private static QuarantineEntry? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<QuarantineEntry>(File.ReadAllText(path), s_json);
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }

    // Ids are ours (32 hex digits): never a path an admin could steer elsewhere.
    private static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigit);
}
