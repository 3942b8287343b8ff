using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.Daemon.Configuration;
using Edge.Daemon.Pull;
using Edge.QueryRetrieve.Tests.Support;
using Edge.Testing;
using Edge.Workspaces.Definitions;

namespace Edge.QueryRetrieve.Tests.Pull;

/// <summary>
/// Orthanc as the PACS and an edged receiving for one workspace per test, on a fixed port so that it can be
/// restarted. Orthanc holds four corpus files seeded with known PHI by seed_phi.py (four studies) and a synthetic
/// corpus of 24 CT instances in four studies of two patients (make_perf_corpus.py). Orthanc knows each workspace's
/// AE title at edged's port; each workspace accepts ORTHANC as a caller and lets node CHECK query it.
/// </summary>
public sealed class PullFixture : IAsyncLifetime
{
    public static readonly string[] Workspaces = ["pacc", "puid", "ppat", "pres", "pret", "plst"];

    private static readonly string[] s_seeded =
    [
        "highdicom__ct_image.dcm", "highdicom__dx_image.dcm", "flywheel-deidentification__tcia_dicom_1-01.dcm",
        "flywheel-deidentification__penn_prisma_dicom_1_anat_1_anat_000.dcm",
    ];

    private readonly TempDirectory _root = new("edge-qr-pull");
    private string _config = "";

    internal OrthancProcess Orthanc { get; private set; } = null!;

    internal EdgedProcess Edged { get; private set; } = null!;

    public bool Ready { get; private set; }

    public string SeededDirectory => _root.Combine("seeded");

    public string PerfDirectory => _root.Combine("perf");

    public string StateDirectory => _root.Combine("state");

    public JsonElement PerfManifest { get; private set; }

    public int EdgePort { get; } = FreePort.Next();

    public async Task InitializeAsync()
    {
        if (!Corpus.HasCorpus || !ExternalTool.Exists(OrthancProcess.Program) || !ExternalTool.Exists("findscu"))
        {
            return;
        }
        var workspaces = new JsonArray(Workspaces.Select(w =>
            (JsonNode)EdgeConfig.Workspace(w, AeTitle(w), [EdgeConfig.Caller(OrthancProcess.AeTitle)], [EdgeConfig.Node("CHECK")])).ToArray());
        _config = EdgeConfig.Write(_root.Combine("edge.json"), workspaces);
        Edged = EdgedProcess.Start(StateDirectory, _config, EdgePort);
        Orthanc = OrthancProcess.Start(_root.Combine("orthanc"), Workspaces.ToDictionary(AeTitle, _ => EdgePort));

        Seed(SeededDirectory, "seed_phi.py", ["--seed", "7", "--patients", "4", "--no-burn", "-o", SeededDirectory,
            .. s_seeded.Select(f => Path.Combine(Corpus.RealDir, f))]);
        Seed(PerfDirectory, "make_perf_corpus.py", ["-o", PerfDirectory, "-n", "24", "--studies", "4", "--patients", "2"]);
        PerfManifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(PerfDirectory, "perf_manifest.json"))).RootElement;
        foreach (var file in Directory.EnumerateFiles(SeededDirectory, "*.dcm").Concat(Directory.EnumerateFiles(PerfDirectory, "*.dcm", SearchOption.AllDirectories)))
        {
            await Orthanc.UploadAsync(file);
        }
        Ready = true;
    }

    private static void Seed(string directory, string tool, IEnumerable<string> args)
    {
        Directory.CreateDirectory(directory);
        var result = ExternalTool.RunSharedTool(tool, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {result.Output}");
        }
    }

    public static string AeTitle(string workspace) => workspace.ToUpperInvariant();

    public void RequireReady()
    {
        Corpus.RequireCorpus();
        Corpus.RequireTools();
        ExternalTool.Require(OrthancProcess.Program);
        Skip.IfNot(Ready, "Orthanc or edged could not be prepared.");
    }

    /// <summary>A pull engine on edged's state directory, pulling from Orthanc (or from <paramref name="pacsPort"/>), one study at a time.</summary>
    public PullEngine OpenEngine(Microsoft.Extensions.Logging.ILoggerFactory? loggers = null, int? pacsPort = null) => PullEngine.Open(
        new PullEngineOptions
        {
            StateDirectory = StateDirectory,
            Pacs = new PacsSection { AeTitle = OrthancProcess.AeTitle, Host = "127.0.0.1", Port = pacsPort ?? Orthanc.DicomPort, ParallelMoves = 1 },
        },
        WorkspaceRegistry.InMemory(Workspaces.Select(w => new WorkspaceDefinition { Name = w, AeTitle = AeTitle(w) })),
        loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

    /// <summary>Starts edged again on the same port and state, after a test killed it.</summary>
    public void RestartEdged()
    {
        Edged.Dispose();
        Edged = EdgedProcess.Start(StateDirectory, _config, EdgePort);
    }

    /// <summary>The instance files of a workspace on disk.</summary>
    public List<string> WorkspaceFiles(string workspace)
    {
        var directory = Path.Combine(StateDirectory, "workspaces", workspace);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.dcm", SearchOption.AllDirectories).ToList() : [];
    }

    public Task DisposeAsync()
    {
        Teardown.All(Edged, Orthanc, _root);
        return Task.CompletedTask;
    }
}

/// <summary>The pull tests share one Orthanc and one edged and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PullCollection : ICollectionFixture<PullFixture>
{
    public const string Name = "Orthanc as the PACS";
}
