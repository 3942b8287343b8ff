using System.Text.Json;
using System.Text.RegularExpressions;
using Edge.Testing;

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

/// <summary>One finding of leakcheck.py: a string of an answer key found in an output file.</summary>
public sealed record LeakFinding(string File, string Kind, string Token, string KeyName, string Where)
{
    /// <summary>An 8-digit date: the kind of token a shifted date of another patient can equal by chance.</summary>
    public bool IsDate => Token.Length == 8 && Token.All(char.IsAsciiDigit);
}

/// <summary>Runs ../shared/tools/leakcheck.py and reads its findings.</summary>
public static partial class LeakCheck
{
    public static (ToolResult Run, IReadOnlyList<LeakFinding> Findings) Run(string keys, string target)
    {
        var run = ExternalTool.RunSharedTool("leakcheck.py", ["--keys", keys, target], TimeSpan.FromMinutes(3));
        var findings = new List<LeakFinding>();
        string? file = null;
        foreach (var line in run.StdOut.Split('\n'))
        {
            if (line.StartsWith("LEAK ", StringComparison.Ordinal))
            {
                file = line["LEAK ".Length..].Trim();
            }
            else if (file is not null && Finding().Match(line) is { Success: true } m)
            {
                findings.Add(new LeakFinding(file, m.Groups["kind"].Value, m.Groups["token"].Value, m.Groups["key"].Value, m.Groups["where"].Value));
            }
        }
        return (run, findings);
    }

    // "  [phi] '20050114' (key NAME.key.json) at element (0008,0021), raw" (the token as Python's repr)
    [GeneratedRegex(@"^\s+\[(?<kind>[^\]]+)\] (?<q>['""])(?<token>.*)\k<q> \(key (?<key>[^)]+)\) at (?<where>.*)$")]
    private static partial Regex Finding();
}
