using System.Text.Json;

namespace Edge.Integration.Tests.Support;

/// <summary>What a quarantine entry.json says (the fields the tests look at).</summary>
public sealed record QuarantineRecord(string Id, string Workspace, string CallingAeTitle, string SopClassUid, string Stage, string Reason, long Size);

/// <summary>
/// The daemon's state directory as a test sees it from outside: workspace trees, staging, spool and quarantine,
/// by the layout the README documents.
/// </summary>
public sealed class EdgeState(string root)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public string Root { get; } = root;

    public string WorkspacesRoot => Path.Combine(Root, "workspaces");

    public string Spool => Path.Combine(Root, "spool");

    public string Quarantine => Path.Combine(Root, "quarantine");

    public string WorkspaceDirectory(string workspace) => Path.Combine(WorkspacesRoot, workspace);

    /// <summary>The published instances of a workspace: STUDY/SERIES/INSTANCE.dcm.</summary>
    public IReadOnlyList<string> InstanceFiles(string workspace) =>
        Directory.Exists(WorkspaceDirectory(workspace))
            ? Directory.EnumerateFiles(WorkspaceDirectory(workspace), "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];

    public IReadOnlyList<string> SpoolFiles() =>
        Directory.Exists(Spool) ? Directory.EnumerateFiles(Spool, "*", SearchOption.AllDirectories).ToList() : [];

    /// <summary>
    /// Every trace of an unfinished write: spool files, anything in workspace staging, *.part and *.tmp files anywhere,
    /// and files in a workspace tree that are not instances.
    /// </summary>
    public IReadOnlyList<string> PartialFiles()
    {
        var staging = Path.Combine(WorkspacesRoot, ".staging");
        var all = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).ToList();
        return all.Where(f =>
                f.StartsWith(Spool + "/", StringComparison.Ordinal)
                || f.StartsWith(staging + "/", StringComparison.Ordinal)
                || f.EndsWith(".part", StringComparison.Ordinal)
                || f.EndsWith(".tmp", StringComparison.Ordinal)
                || (f.StartsWith(WorkspacesRoot + "/", StringComparison.Ordinal) && !f.EndsWith(".dcm", StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>Quarantine entries with their record; an entry whose record is missing or unreadable fails the read.</summary>
    public IReadOnlyList<QuarantineRecord> QuarantineEntries()
    {
        if (!Directory.Exists(Quarantine))
        {
            return [];
        }
        return Directory.EnumerateDirectories(Quarantine)
            .Select(d => JsonSerializer.Deserialize<QuarantineRecord>(File.ReadAllText(Path.Combine(d, "entry.json")), Json)
                ?? throw new InvalidDataException($"{d}/entry.json is empty"))
            .ToList();
    }

    public string QuarantinedData(string id) => Path.Combine(Quarantine, id, "dataset.bin");
}
