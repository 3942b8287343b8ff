using Edge.Testing;

namespace Edge.Pixels.Tests;

/// <summary>Corpus files chosen by their manifest row, as theory data; one empty case (which skips) when the corpus is absent.</summary>
internal static class CorpusCases
{
    public const string None = "";

    public static IEnumerable<object[]> Where(Func<IReadOnlyDictionary<string, string>, bool> match)
    {
        var rows = Corpus.Manifest().Where(r => r.Value.GetValueOrDefault("parses_with_dcmdump") == "yes" && match(r.Value))
            .Select(r => r.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        return rows.Count == 0 ? [[None]] : rows.Select(r => new object[] { r });
    }

    public static IEnumerable<object[]> WithSyntax(params string[] uids) =>
        Where(r => uids.Contains(r.GetValueOrDefault("transfer_syntax_uid")));

    /// <summary>The file's path, skipping the test when the corpus (or this case) is absent.</summary>
    public static string Require(string name)
    {
        Corpus.RequireCorpus();
        Skip.If(name == None, "No corpus file matches this case.");
        return Path.Combine(Corpus.RealDir, name);
    }
}
