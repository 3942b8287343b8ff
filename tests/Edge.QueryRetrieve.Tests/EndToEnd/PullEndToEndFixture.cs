using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.QueryRetrieve.Tests.Support;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.EndToEnd;

/// <summary>
/// The real binaries as an administrator runs them: Debian's Orthanc as the hospital PACS, an <c>edged run</c> whose
/// configuration names that Orthanc as its <c>pacs</c>, and edgectl on edged's control socket. Orthanc holds two
/// corpus files seeded with known PHI by seed_phi.py (one study each) and a synthetic patient of
/// <see cref="PerfStudies"/> CT studies of <see cref="InstancesPerStudy"/> instances each (make_perf_corpus.py). It knows
/// every workspace's AE title at edged's port, and every workspace accepts ORTHANC from 127.0.0.1 as a caller. edged
/// keeps its port and state when a test restarts it; what each edged process printed is kept.
/// </summary>
public sealed class PullEndToEndFixture : IAsyncLifetime
{
    public const int PerfStudies = 8;
    public const int InstancesPerStudy = 6;

    /// <summary>Workspace names; the AE title of each is <see cref="AeTitle"/>.</summary>
    public static readonly string[] Workspaces = ["e2e-acc", "e2e-uid", "e2e-unknown", "e2e-kill", "e2e-term"];

    private readonly TempDirectory _root = new("edge-qr-e2e");
    private readonly List<string> _earlierOutput = [];
    private string _config = "";

    internal OrthancProcess Orthanc { get; private set; } = null!;

    internal EdgedProcess Edged { get; private set; } = null!;

    public bool Ready { get; private set; }

    public string SeededDirectory => _root.Combine("seeded");

    public string PerfDirectory => _root.Combine("perf");

    public string StateDirectory => _root.Combine("state");

    public string Scratch => _root.Path;

    public string SocketPath => Path.Combine(StateDirectory, "control.sock");

    public JsonElement PerfManifest { get; private set; }

    public int EdgePort { get; } = FreePort.Next();

    /// <summary>edgectl as built beside the tests by the project reference.</summary>
    public static string Edgectl => Path.Combine(AppContext.BaseDirectory, "edgectl");

    /// <summary>What every edged process of this fixture printed, the running one last.</summary>
    public string EdgedOutput => string.Join('\n', [.. _earlierOutput, Edged.Output]);

    public static string AeTitle(string workspace) => workspace.Replace('-', '_').ToUpperInvariant();

    public async Task InitializeAsync()
    {
        if (!Corpus.HasCorpus || !ExternalTool.Exists(OrthancProcess.Program) || !File.Exists(Edgectl))
        {
            return;
        }
        Orthanc = OrthancProcess.Start(_root.Combine("orthanc"), Workspaces.ToDictionary(AeTitle, _ => EdgePort));
        var workspaces = new JsonArray(Workspaces.Select(w =>
            (JsonNode)EdgeConfig.Workspace(w, AeTitle(w), [EdgeConfig.Caller(OrthancProcess.AeTitle)], [])).ToArray());
        var pacs = new JsonObject
        {
            ["aeTitle"] = OrthancProcess.AeTitle,
            ["host"] = "127.0.0.1",
            ["port"] = Orthanc.DicomPort,
            ["parallelMoves"] = 1,
        };
        _config = EdgeConfig.Write(_root.Combine("edge.json"), workspaces, pacs);
        Edged = EdgedProcess.Start(StateDirectory, _config, EdgePort);

        Seed("seed_phi.py", SeededDirectory, ["--seed", "23", "--patients", "2", "--no-burn", "-o", SeededDirectory,
            Path.Combine(Corpus.RealDir, "highdicom__ct_image.dcm"), Path.Combine(Corpus.RealDir, "flywheel-deidentification__tcia_dicom_1-01.dcm")]);
        Seed("make_perf_corpus.py", PerfDirectory, ["-o", PerfDirectory, "-n", (PerfStudies * InstancesPerStudy).ToString(CultureInfo.InvariantCulture),
            "--studies", PerfStudies.ToString(CultureInfo.InvariantCulture), "--patients", "1", "--seed", "23"]);
        PerfManifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(PerfDirectory, "perf_manifest.json"))).RootElement;
        foreach (var file in Directory.EnumerateFiles(SeededDirectory, "*.dcm").Concat(Directory.EnumerateFiles(PerfDirectory, "*.dcm", SearchOption.AllDirectories)))
        {
            await Orthanc.UploadAsync(file);
        }
        Ready = true;
    }

    public void RequireReady()
    {
        Corpus.RequireCorpus();
        Corpus.RequireTools();
        ExternalTool.Require(OrthancProcess.Program);
        Skip.IfNot(File.Exists(Edgectl), "edgectl was not built beside the tests.");
        Skip.IfNot(Ready, "Orthanc or edged could not be prepared.");
    }

    /// <summary>edgectl on edged's control socket, as root (admin), to its end.</summary>
    public static ToolResult RunEdgectl(string socketPath, params string[] args) =>
        ExternalTool.Run(Edgectl, ["--socket", socketPath, .. args], TimeSpan.FromSeconds(90));

    public ToolResult RunEdgectl(params string[] args) => RunEdgectl(SocketPath, args);

    /// <summary>edgectl --json ...: must exit 0; its standard output parsed.</summary>
    public JsonElement Json(params string[] args)
    {
        var run = RunEdgectl(["--json", .. args]);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"edgectl {string.Join(' ', args)} exited {run.ExitCode}: {run.Output}");
        }
        using var document = JsonDocument.Parse(run.StdOut);
        return document.RootElement.Clone();
    }

    /// <summary>An edgectl left running, its output read as it comes.</summary>
    internal EdgectlRun StartEdgectl(params string[] args) => EdgectlRun.Start(Edgectl, ["--socket", SocketPath, .. args]);

    /// <summary>SIGKILL, as a crash: nothing is drained or recorded on the way down.</summary>
    public void KillEdged() => Edged.Kill();

    /// <summary>SIGTERM, as systemd stops the daemon, waiting until it has exited.</summary>
    public void StopEdged() => Edged.Stop();

    /// <summary>Starts edged again on the same configuration, port and state.</summary>
    public void RestartEdged()
    {
        _earlierOutput.Add(Edged.Output);
        Edged.Dispose();
        Edged = EdgedProcess.Start(StateDirectory, _config, EdgePort);
    }

    /// <summary>The instance files of a workspace on disk.</summary>
    public List<string> WorkspaceFiles(string workspace)
    {
        var directory = Path.Combine(StateDirectory, "workspaces", workspace);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.dcm", SearchOption.AllDirectories).ToList() : [];
    }

    /// <summary>A seeded file's answer key: the accession number and patient ID seed_phi gave it, and its Study Instance UID.</summary>
    public SeededKey Seeded(string name)
    {
        using var key = JsonDocument.Parse(File.ReadAllText(Path.Combine(SeededDirectory, name + ".key.json")));
        var phi = key.RootElement.GetProperty("phi").EnumerateArray()
            .ToDictionary(p => p.GetProperty("element").GetString()!, p => p.GetProperty("value").GetString()!);
        return new SeededKey(Path.Combine(SeededDirectory, name), phi["AccessionNumber"], phi["PatientID"], phi["PatientName"],
            key.RootElement.GetProperty("original_study_uid").GetString()!,
            key.RootElement.GetProperty("original_uids").EnumerateObject().Select(u => u.Name).ToList());
    }

    /// <summary>The synthetic patient's ID, the perf studies' UIDs, accession numbers and dates, from the manifest.</summary>
    public (string PatientId, string PatientName, List<(string Uid, string Accession, string Date)> Studies) Perf()
    {
        var patient = PerfManifest.GetProperty("patients")[0];
        var studies = PerfManifest.GetProperty("studies").EnumerateArray()
            .Select(s => (s.GetProperty("uid").GetString()!, s.GetProperty("accession").GetString()!, s.GetProperty("date").GetString()!))
            .ToList();
        return (patient.GetProperty("id").GetString()!, patient.GetProperty("name").GetString()!, studies);
    }

    public Task DisposeAsync()
    {
        Teardown.All(Edged, Orthanc, _root);
        return Task.CompletedTask;
    }

    private static void Seed(string tool, string directory, IEnumerable<string> args)
    {
        Directory.CreateDirectory(directory);
        var result = ExternalTool.RunSharedTool(tool, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {result.Output}");
        }
    }
}

/// <summary>What seed_phi.py put into one file, and the UIDs it had.</summary>
public sealed record SeededKey(string File, string AccessionNumber, string PatientId, string PatientName, string StudyInstanceUid,
    IReadOnlyList<string> OriginalUids);

/// <summary>The end-to-end pulls share one Orthanc and one edged (restarted by some tests) and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PullEndToEndCollection : ICollectionFixture<PullEndToEndFixture>
{
    public const string Name = "edgectl pull through edged from Orthanc";
}
