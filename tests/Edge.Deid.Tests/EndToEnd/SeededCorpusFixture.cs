using Edge.Deid.Pseudonyms;
using Edge.Testing;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>
/// The shared corpus seeded once with known PHI (seed_phi.py), then de-identified once per built-in profile by the real
/// <c>edged deidentify</c>; leakcheck.py runs on both outputs, in parallel, the first time a test asks.
/// Built on first use so that tests skip, rather than fail, where ../shared is absent.
/// </summary>
public sealed class SeededCorpusFixture : IDisposable
{
    private readonly Lazy<SeededCorpus> _corpus = new(() => new SeededCorpus());

    /// <summary>The seeded and de-identified corpus; skips the calling test when the corpus or its tools are absent.</summary>
    internal SeededCorpus Get()
    {
        Corpus.RequireCorpus();
        Corpus.RequireTools();
        return _corpus.Value;
    }

    public void Dispose()
    {
        if (_corpus.IsValueCreated)
        {
            _corpus.Value.Dispose();
        }
    }
}

/// <summary>The seeded inputs and the research-default and basic runs over them.</summary>
internal sealed class SeededCorpus : IDisposable
{
    private readonly TempDirectory _root = new("edge-deid-e2e");
    private readonly Lazy<(LeakReport ResearchDefault, LeakReport Basic)> _leaks;

    public SeededCorpus()
    {
        SeededDir = _root.Combine("seeded");
        var seeding = ExternalTool.RunSharedTool("seed_phi.py", ["-o", SeededDir, Corpus.RealDir]);
        if (seeding.ExitCode != 0)
        {
            throw new InvalidOperationException("seed_phi.py failed: " + seeding.Output);
        }
        Inputs = SeededInstance.LoadAll(SeededDir);
        (SecretFile, Key) = Edged.WriteSecret(_root.Path, "secret", seed: 1);

        var rd = Task.Run(() => Deidentify("research-default"));
        var basic = Task.Run(() => Deidentify("basic"));
        ResearchDefault = rd.GetAwaiter().GetResult();
        Basic = basic.GetAwaiter().GetResult();

        _leaks = new(() =>
        {
            var a = Task.Run(() => LeakReport.Run(SeededDir, ResearchDefault.OutDir));
            var b = Task.Run(() => LeakReport.Run(SeededDir, Basic.OutDir));
            return (a.GetAwaiter().GetResult(), b.GetAwaiter().GetResult());
        });
    }

    public string SeededDir { get; }

    public string SecretFile { get; }

    public WorkspaceKey Key { get; }

    public IReadOnlyList<SeededInstance> Inputs { get; }

    public ProfileRun ResearchDefault { get; }

    public ProfileRun Basic { get; }

    public (LeakReport ResearchDefault, LeakReport Basic) Leaks => _leaks.Value;

    /// <summary>A fresh directory under this fixture's temporary root.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(_root.Combine(name)).FullName;

    public void Dispose() => _root.Dispose();

    private ProfileRun Deidentify(string profile)
    {
        var outDir = _root.Combine("out-" + profile);
        return new ProfileRun(profile, Inputs, Edged.Deidentify(profile, SecretFile, SeededDir, outDir), outDir, Key);
    }
}

[CollectionDefinition(Name)]
public sealed class SeededCorpusCollection : ICollectionFixture<SeededCorpusFixture>
{
    public const string Name = "seeded corpus";
}
