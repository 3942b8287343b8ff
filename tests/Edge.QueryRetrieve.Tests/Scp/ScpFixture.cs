using System.Text.Json.Nodes;
using Edge.Dicom.Data;
using Edge.QueryRetrieve.Tests.Support;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.Scp;

/// <summary>
/// One edged with three workspaces, filled by storescu as LOADER: alpha (AE ALPHA: two corpus patients, two studies,
/// four series, seven instances) granted to research node NODE_A, whose C-MOVE destination DEST_A is a DCMTK storescp;
/// beta (AE BETA: two other corpus instances) granted to NODE_B; gamma (AE GAMMA: 200 synthetic instances of one
/// series) granted to NODE_A. Without the corpus nothing starts and the tests skip.
/// </summary>
public sealed class ScpFixture : IAsyncLifetime
{
    public const int GammaInstances = 200;

    private readonly TempDirectory _root = new("edge-qr-scp");
    private EdgedProcess? _edged;

    internal StoreScp Destination { get; private set; } = null!;

    public int Port => _edged!.Port;

    public string Root => _root.Path;

    /// <summary>The originals sent to alpha and beta, as read before de-identification.</summary>
    public IReadOnlyList<DicomDataset> AlphaOriginals { get; private set; } = [];

    public IReadOnlyList<DicomDataset> BetaOriginals { get; private set; } = [];

    private static readonly string[] s_alpha =
    [
        "flywheel-deidentification__tcia_dicom_1-01.dcm", "flywheel-deidentification__tcia_dicom_1-02.dcm",
        "flywheel-deidentification__tcia_dicom_1-03.dcm", "flywheel-deidentification__tcia_dicom_1-04.dcm",
        "flywheel-deidentification__penn_prisma_dicom_1_anat_1_anat_000.dcm",
        "flywheel-deidentification__penn_prisma_dicom_7_anat_T1w_7_anat_T1w_000.dcm",
        "flywheel-deidentification__penn_prisma_dicom_12_rfMRI_REST1_AP_SBRef_12_rfMRI_REST1_AP_SBRef_000.dcm",
    ];

    private static readonly string[] s_beta = ["highdicom__ct_image.dcm", "highdicom__dx_image.dcm"];

    public Task InitializeAsync()
    {
        if (!Corpus.HasCorpus || !ExternalTool.Exists("findscu"))
        {
            return Task.CompletedTask;
        }
        Destination = StoreScp.Start("DEST_A", _root.Combine("dest-a"));
        var config = EdgeConfig.Write(_root.Combine("edge.json"), new JsonArray(
            EdgeConfig.Workspace("alpha", "ALPHA", [EdgeConfig.Caller("LOADER")], [EdgeConfig.Node("NODE_A", EdgeConfig.Destination("DEST_A", Destination.Port))]),
            EdgeConfig.Workspace("beta", "BETA", [EdgeConfig.Caller("LOADER")], [EdgeConfig.Node("NODE_B")]),
            EdgeConfig.Workspace("gamma", "GAMMA", [EdgeConfig.Caller("LOADER")], [EdgeConfig.Node("NODE_A")])));
        _edged = EdgedProcess.Start(_root.Combine("state"), config);

        AlphaOriginals = Load(s_alpha);
        BetaOriginals = Load(s_beta);
        RequireStored(Dcmtk.Store(Port, "ALPHA", "LOADER", s_alpha.Select(f => Path.Combine(Corpus.RealDir, f))));
        RequireStored(Dcmtk.Store(Port, "BETA", "LOADER", s_beta.Select(f => Path.Combine(Corpus.RealDir, f))));
        var gamma = Instances.WriteFiles(_root.Combine("gamma"), Enumerable.Range(1, GammaInstances)
            .Select(i => new Instances.Spec("1.2.3.9", "1.2.3.9.1", $"1.2.3.9.1.{i}") { InstanceNumber = i }));
        RequireStored(Dcmtk.Store(Port, "GAMMA", "LOADER", gamma));
        return Task.CompletedTask;
    }

    private static List<DicomDataset> Load(IEnumerable<string> names) => names.Select(n =>
    {
        using var file = DicomFile.Open(Path.Combine(Corpus.RealDir, n), new DicomReaderOptions { StopAtTag = DicomTags.PixelData });
        return file.Dataset;
    }).ToList();

    private void RequireStored(ToolResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"storescu failed: {result.Output}\nedged:\n{_edged!.Output}");
        }
    }

    /// <summary>Every instance of a workspace as a node finds it at IMAGE level: patient, study, series and SOP instance UIDs.</summary>
    internal FindResult InstancesOf(string calledAe, string callingAe) =>
        Dcmtk.Find(Port, calledAe, callingAe, Model.StudyRoot, "IMAGE", "PatientID", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID");

    /// <summary>The SOP Instance UIDs of the files in a directory.</summary>
    public static List<string> SopInstanceUids(string directory) => Directory.EnumerateFiles(directory).Select(f =>
    {
        using var file = DicomFile.Open(f, new DicomReaderOptions { StopAtTag = DicomTags.PixelData });
        return file.Dataset.GetString(DicomTags.SOPInstanceUID) ?? "";
    }).ToList();

    /// <summary>How many distinct values of a tag the originals hold: entities per level, unchanged by de-identification.</summary>
    public static int Distinct(IEnumerable<DicomDataset> originals, DicomTag tag) => DistinctValues(originals, tag).Count;

    public static List<string> DistinctValues(IEnumerable<DicomDataset> originals, DicomTag tag) =>
        originals.Select(d => d.GetString(tag) ?? "").Distinct().ToList();

    public Task DisposeAsync()
    {
        _edged?.Dispose();
        if (Destination is not null)
        {
            Destination.Dispose();
        }
        _root.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The SCP test classes share one edged and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ScpCollection : ICollectionFixture<ScpFixture>
{
    public const string Name = "edged with three workspaces";
}
