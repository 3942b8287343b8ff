using System.Collections.Concurrent;
using System.Text.Json;
using Edge.Daemon.Composition;
using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Deid.Pseudonyms;
using Edge.Dicom.Data;
using Edge.Testing;

namespace Edge.Pixels.Tests.Integration;

/// <summary>
/// seed_phi.py over the shared corpus, then the research-default engine with the daemon's pixel cleaner over every
/// seeded file that has text burned into its frames (the others have none for OCR to find), two at a time as
/// <c>edged deidentify</c> would; outputs keep their input's name. Built once, on first use.
/// </summary>
public sealed class SeededBurnedInFixture : IDisposable
{
    private readonly Lazy<SeededBurnedIn> _run = new(() => new SeededBurnedIn());

    internal SeededBurnedIn Get()
    {
        Corpus.RequireCorpus();
        Corpus.RequireTools();
        Skip.IfNot(File.Exists("/usr/share/tesseract-ocr/5/tessdata/fra.traineddata"), "Tesseract 5 with English and French data is not installed.");
        return _run.Value;
    }

    public void Dispose()
    {
        if (_run.IsValueCreated)
        {
            _run.Value.Dispose();
        }
    }
}

internal sealed class SeededBurnedIn : IDisposable
{
    private readonly TempDirectory _root = new("edge-pixels-seeded");

    public SeededBurnedIn()
    {
        SeededDir = _root.Combine("seeded");
        OutDir = Directory.CreateDirectory(_root.Combine("out")).FullName;
        var seeding = ExternalTool.RunSharedTool("seed_phi.py", ["-o", SeededDir, Corpus.RealDir]);
        if (seeding.ExitCode != 0)
        {
            throw new InvalidOperationException("seed_phi.py failed: " + seeding.Output);
        }
        Burned = [.. Directory.GetFiles(SeededDir, "*.key.json")
            .Where(k => JsonDocument.Parse(File.ReadAllText(k)).RootElement.GetProperty("burned_in").ValueKind == JsonValueKind.Object)
            .Select(k => k[..^".key.json".Length])
            .Order(StringComparer.Ordinal)];

        var engine = new DeidEngine(BuiltInProfiles.ResearchDefault, pixelCleaner: new PixelCleanerAdapter(_root.Path));
        var key = new WorkspaceKey("pixels-tests", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var held = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Parallel.ForEach(Burned, new ParallelOptions { MaxDegreeOfParallelism = 2 }, input =>
        {
            using var file = DicomFile.Open(input);
            var outcome = engine.Deidentify(file, key);
            if (outcome.Status == DeidStatus.HeldForReview)
            {
                held[input] = outcome.Reason ?? "";
                return;
            }
            file.Save(Path.Combine(OutDir, Path.GetFileName(input)));
        });
        Held = held;
        Leaks = LeakReport.Run(SeededDir, OutDir, ocr: true);
    }

    public string SeededDir { get; }

    public string OutDir { get; }

    /// <summary>Seeded files with text burned into their frames.</summary>
    public IReadOnlyList<string> Burned { get; }

    /// <summary>Inputs held for review, with the reason the engine gave.</summary>
    public IReadOnlyDictionary<string, string> Held { get; }

    public LeakReport Leaks { get; }

    public void Dispose() => _root.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SeededBurnedInCollection : ICollectionFixture<SeededBurnedInFixture>
{
    public const string Name = "seeded burned-in corpus";
}
