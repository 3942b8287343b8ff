using System.Text.RegularExpressions;

namespace Edge.Testing;

/// <summary>One string of a seed_phi answer key that leakcheck.py found in an output: kind (phi, uid, ocr ...), key file, where.</summary>
public sealed record LeakFinding(string Output, string Kind, string Token, string KeyName, string Where)
{
    /// <summary>An 8-digit date: the kind of token a shifted date of another patient can equal by chance.</summary>
    public bool IsDate => Token.Length == 8 && Token.All(char.IsAsciiDigit);
}

/// <summary>What <c>leakcheck.py [--ocr] --keys SEEDED OUT</c> reported: its LEAK lines, parsed, and its last line.</summary>
public sealed partial class LeakReport
{
    private LeakReport(IReadOnlyList<LeakFinding> findings, string summary, ToolResult tool)
    {
        Findings = findings;
        Summary = summary;
        Tool = tool;
    }

    public IReadOnlyList<LeakFinding> Findings { get; }

    /// <summary>"leaks: N in M files".</summary>
    public string Summary { get; }

    /// <summary>The run of leakcheck.py itself.</summary>
    public ToolResult Tool { get; }

    /// <summary>Everything leakcheck.py printed, stdout then stderr.</summary>
    public string Output => Tool.Output;

    /// <param name="ocr">Also OCR the pixel data for burned-in text (leakcheck's --ocr).</param>
    public static LeakReport Run(string keysDir, string outDir, bool ocr = false)
    {
        string[] args = ocr ? ["--ocr", "--keys", keysDir, outDir] : ["--keys", keysDir, outDir];
        var r = ExternalTool.RunSharedTool("leakcheck.py", args, TimeSpan.FromMinutes(5));
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
        return new LeakReport(findings, summary, r);
    }

    // "  [phi] '20130428' (key x.dcm.key.json) at element (0008,0020), raw", or "  [ocr] 'QUILLBY' (key ocr) at ocr pixel text":
    // the token as Python's repr writes it.
    [GeneratedRegex(@"^  \[(?<kind>[^\]]+)\] (?<q>['""])(?<token>.*)\k<q> \(key (?<key>[^)]+)\) at (?<where>.*)$")]
    private static partial Regex Finding();
}
