using Edge.Codegen.Generators;

namespace Edge.Codegen;

/// <summary>A committed source file, where it lives in the repository, and how to produce it from the standard's tables.</summary>
public sealed record GeneratedFile(string RepoPath, string SourceFile, Func<string, string> Generate)
{
    /// <summary>Every generated file, in the order Program writes them.</summary>
    public static IReadOnlyList<GeneratedFile> All { get; } =
    [
        new(DicomDictionaryGenerator.OutputPath, StandardTables.Attributes, DicomDictionaryGenerator.Generate),
        new(DicomTagsGenerator.OutputPath, StandardTables.Attributes, DicomTagsGenerator.Generate),
        new(PrivateDictionaryGenerator.OutputPath, StandardTables.TciaPrivateTagKb, PrivateDictionaryGenerator.Generate),
        new(SopClassesGenerator.OutputPath, StandardTables.Sops, SopClassesGenerator.Generate),
        new(ConfidentialityProfileGenerator.OutputPath, StandardTables.ConfidentialityProfile, ConfidentialityProfileGenerator.Generate),
        new(TciaPrivateTagKbGenerator.OutputPath, StandardTables.TciaPrivateTagKb, TciaPrivateTagKbGenerator.Generate),
    ];

    public static GeneratedFile For(string repoPath) =>
        All.SingleOrDefault(f => f.RepoPath == repoPath)
            ?? throw new ArgumentException($"No generator writes {repoPath}", nameof(repoPath));

    /// <summary>The generated text for the tables in <paramref name="standardDir"/>.</summary>
    public string Render(string standardDir) => Generate(Path.Combine(standardDir, SourceFile));

    /// <summary>
    /// Null when the committed file equals the generator's output; otherwise where they first differ, and how to
    /// regenerate.
    /// </summary>
    public string? FindDifference(string repoRoot, string standardDir)
    {
        var path = Path.Combine(repoRoot, RepoPath);
        if (!File.Exists(path))
        {
            return $"{RepoPath} is missing. Regenerate: {CSharp.RegenerateCommand}";
        }
        var committed = File.ReadAllText(path);
        var expected = Render(standardDir);
        if (committed == expected)
        {
            return null;
        }
        var a = committed.Split('\n');
        var b = expected.Split('\n');
        var line = 0;
        while (line < a.Length && line < b.Length && a[line] == b[line])
        {
            line++;
        }
        var was = line < a.Length ? a[line] : "<end of file>";
        var want = line < b.Length ? b[line] : "<end of file>";
        return $"{RepoPath} differs from the generator's output at line {line + 1}:\n  committed: {was}\n  generated: {want}\n" +
            $"Regenerate from the repository root: {CSharp.RegenerateCommand}";
    }
}
