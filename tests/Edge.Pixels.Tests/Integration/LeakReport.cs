using System.Text.RegularExpressions;
using Edge.Testing;

namespace Edge.Pixels.Tests.Integration;

/// <summary>One string of an answer key that leakcheck.py found in an output: kind (ocr, phi, uid ...), key file, where.</summary>
internal sealed record LeakFinding(string Output, string Kind, string Token, string KeyName, string Where);

/// <summary><c>leakcheck.py --ocr --keys SEEDED OUT</c>: its LEAK lines parsed, and its summary line.</summary>
internal sealed partial class LeakReport
{
    private LeakReport(IReadOnlyList<LeakFinding> findings, string summary, string output)
    {
        Findings = findings;
        Summary = summary;
        Output = output;
    }

    public IReadOnlyList<LeakFinding> Findings { get; }

    public string Summary { get; }

    public string Output { get; }

    public static LeakReport Run(string keysDir, string outDir)
    {
        var r = ExternalTool.RunSharedTool("leakcheck.py", ["--ocr", "--keys", keysDir, outDir], TimeSpan.FromMinutes(5));
        var findings = new List<LeakFinding>();
        string? file = null;
        foreach (var line in r.StdOut.Split('\n'))
        {
            if (line.StartsWith("LEAK ", StringComparison.Ordinal))
            {
                file = line[5..].Trim();
            }
            else if (Finding().Match(line) is { Success: true } m && file is not null)
            {
                findings.Add(new LeakFinding(file, m.Groups["kind"].Value, m.Groups["token"].Value, m.Groups["key"].Value, m.Groups["where"].Value));
            }
        }
        var summary = r.StdOut.Split('\n').LastOrDefault(l => l.StartsWith("leaks: ", StringComparison.Ordinal)) ?? "";
        return new LeakReport(findings, summary, r.Output);
    }

    // "  [ocr] 'QUILLBY' (key ocr) at ocr pixel text", the token written as Python's repr writes it.
    [GeneratedRegex(@"^  \[(?<kind>[^\]]+)\] (?<q>['""])(?<token>.*)\k<q> \(key (?<key>[^)]+)\) at (?<where>.*)$")]
    private static partial Regex Finding();
}
