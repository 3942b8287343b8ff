using System.Text.Json;

namespace Edge.Integration.Tests.Support;

/// <summary>
/// One seed_phi.py answer key: the seeded file it describes and every string leakcheck.py looks for (the key's
/// tokens, the values of its PHI, its original UIDs), at leakcheck's minimum length.
/// </summary>
public sealed record AnswerKey(string Name, string SeededFile, IReadOnlySet<string> Texts, IReadOnlySet<string> Uids)
{
    /// <summary>leakcheck.py's default --min-len.</summary>
    public const int MinimumLength = 5;

    public bool Holds(string token) => Texts.Contains(token) || Uids.Contains(token);

    public static IReadOnlyList<AnswerKey> LoadAll(string directory) =>
        Directory.EnumerateFiles(directory, "*.key.json").Order(StringComparer.Ordinal).Select(Load).ToList();

    private static AnswerKey Load(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in root.GetProperty("tokens").EnumerateArray())
        {
            texts.Add(t.GetString()!);
        }
        foreach (var p in root.GetProperty("phi").EnumerateArray())
        {
            texts.Add(p.GetProperty("value").GetString()!);
        }
        texts.RemoveWhere(t => t.Length < MinimumLength);
        var uids = root.GetProperty("original_uids").EnumerateObject().Select(p => p.Name)
            .Where(u => u.Contains('.', StringComparison.Ordinal) && u.Length >= 8).ToHashSet(StringComparer.Ordinal);
        return new AnswerKey(Path.GetFileName(path), root.GetProperty("output").GetString()!, texts, uids);
    }
}
