using Xunit;
namespace Edge.Testing;

/// <summary>
/// Where the shared real-file corpus and tools live (../shared beside the repository). Tests that need them call
/// <see cref="RequireCorpus"/>, which skips with a message when the corpus is absent, as on a machine without it.
/// </summary>
public static class Corpus
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedDir => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string RealDir => Path.Combine(SharedDir, "corpus", "real");

    public static string ToolsDir => Path.Combine(SharedDir, "tools");

    public static string StandardDir => Path.Combine(SharedDir, "standard");

    public static bool HasCorpus => Directory.Exists(RealDir) && Directory.EnumerateFiles(RealDir).Any();

    public static void RequireCorpus() =>
        Skip.IfNot(HasCorpus, $"The shared corpus is absent ({RealDir}); this test needs real DICOM files.");

    public static void RequireStandard() =>
        Skip.IfNot(Directory.Exists(StandardDir), $"The shared standard tables are absent ({StandardDir}).");

    public static void RequireTools() =>
        Skip.IfNot(File.Exists(Path.Combine(ToolsDir, "seed_phi.py")), $"The shared test tools are absent ({ToolsDir}).");

    /// <summary>Every DICOM file of the corpus (everything but the README and the manifest).</summary>
    public static IReadOnlyList<string> RealFiles() =>
        HasCorpus
            ? Directory.EnumerateFiles(RealDir)
                .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".csv", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>Rows of corpus/real/manifest.csv keyed by file name (columns by header name).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Manifest()
    {
        var path = Path.Combine(RealDir, "manifest.csv");
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return result;
        }
        var lines = File.ReadAllLines(path);
        var header = SplitCsv(lines[0]);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = SplitCsv(line);
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count && i < cells.Count; i++)
            {
                row[header[i]] = cells[i];
            }
            result[row["path"]] = row;
        }
        return result;
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cur = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cur.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cur.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cur.ToString());
                cur.Clear();
            }
            else
            {
                cur.Append(c);
            }
        }
        cells.Add(cur.ToString());
        return cells;
    }

    private static string FindRepoRoot()
    {
        var built = typeof(Corpus).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "EdgeRepoRoot")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "Edge.sln")))
        {
            return built;
        }
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Edge.sln not found above " + AppContext.BaseDirectory);
    }
}
