using System.Text.Json;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>
/// A file seed_phi.py wrote and its answer key (&lt;name&gt;.key.json): the original UIDs that name the instance, and
/// every string of PHI that belongs to this file (injected values, identity tokens, original UIDs).
/// </summary>
internal sealed record SeededInstance(string Input, string KeyName, string StudyUid, string SeriesUid, string SopUid, IReadOnlySet<string> Tokens)
{
    public static IReadOnlyList<SeededInstance> LoadAll(string seededDir) =>
        Directory.EnumerateFiles(seededDir, "*.key.json")
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();

    private static SeededInstance Load(string keyFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(keyFile));
        var root = doc.RootElement;
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in root.GetProperty("tokens").EnumerateArray())
        {
            tokens.Add(t.GetString()!);
        }
        foreach (var phi in root.GetProperty("phi").EnumerateArray())
        {
            tokens.Add(phi.GetProperty("value").GetString()!);
        }
        foreach (var uid in root.GetProperty("original_uids").EnumerateObject())
        {
            tokens.Add(uid.Name);
        }
        return new SeededInstance(
            keyFile[..^".key.json".Length],
            Path.GetFileName(keyFile),
            root.GetProperty("original_study_uid").GetString()!,
            root.GetProperty("original_series_uid").GetString()!,
            root.GetProperty("original_sop_instance_uid").GetString()!,
            tokens);
    }
}
