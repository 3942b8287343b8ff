using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Platform;

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
    public void Save(PullRecord record) => Save(record.Id, Serialize(record));

    /// <summary>Replaces the pull's state file with a record already serialised (under the caller's lock).</summary>
    public void Save(string pullId, byte[] content) => DurableFile.Replace(Path.Combine(Directory, pullId + Extension), content, PrivateFile);

    /// <summary>The record as its state file holds it.</summary>
    public static byte[] Serialize(PullRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, s_json);
}
