using System.Text.Json;
using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Testing;

namespace Edge.Cli.Tests.Support;

/// <summary>
/// Two real corpus files (a CT and a DX) given one synthetic patient by ../shared/tools/seed_phi.py, with the answer
/// key's identity: what a PACS would send, and what re-identification must give back.
/// </summary>
public sealed class SeededStudy
{
    private static readonly string[] Sources = ["highdicom__ct_image.dcm", "highdicom__dx_image.dcm"];
    private static readonly Lazy<SeededStudy> Instance = new(Seed, LazyThreadSafetyMode.ExecutionAndPublication);
    private static TempDirectory? s_directory;

    private SeededStudy(IReadOnlyList<string> files, string patientId, string patientName, IReadOnlyList<string> studyUids)
    {
        Files = files;
        PatientId = patientId;
        PatientName = patientName;
        OriginalStudyUids = studyUids;
    }

    public IReadOnlyList<string> Files { get; }

    public string PatientId { get; }

    public string PatientName { get; }

    public IReadOnlyList<string> OriginalStudyUids { get; }

    /// <summary>The seeded study; skips the test when the shared corpus or tools are absent.</summary>
    public static SeededStudy Get()
    {
        Corpus.RequireCorpus();
        Corpus.RequireTools();
        return Instance.Value;
    }

    /// <summary>
    /// Sends the seeded CT cut short in its pixel data with our own SCU (DCMTK will not send a file it cannot read):
    /// the file meta and SOP UIDs are intact, the data set is not. Returns the C-STORE status.
    /// </summary>
    public async Task<ushort> SendTruncatedAsync(int port, string calledAeTitle)
    {
        var broken = Path.Combine(s_directory!.Path, $"truncated-{Guid.NewGuid():N}.dcm");
        var bytes = await File.ReadAllBytesAsync(Files[0]);
        await File.WriteAllBytesAsync(broken, bytes[..(bytes.Length / 2)]);
        var file = InstanceFile.Open(broken);
        var client = new DicomClient(new DicomClientOptions { CallingAeTitle = "PACS" });
        await using var association = await client.AssociateAsync(new DicomPeer("127.0.0.1", port, calledAeTitle), DicomClient.StorageProposals([file]));
        var result = await association.StoreAsync(file, null);
        await association.ReleaseAsync();
        return result.Status.Code;
    }

    private static SeededStudy Seed()
    {
        s_directory = new TempDirectory("edge-cli-seeded");
        var run = ExternalTool.RunSharedTool("seed_phi.py",
            ["--seed", "11", "--patients", "1", "--no-burn", "-o", s_directory.Path, .. Sources.Select(s => Path.Combine(Corpus.RealDir, s))]);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("seed_phi.py failed: " + run.Output);
        }
        var files = Sources.Select(s => Path.Combine(s_directory.Path, s)).ToList();
        var keys = files.Select(f => JsonDocument.Parse(File.ReadAllText(f + ".key.json")).RootElement).ToList();
        var identity = keys[0].GetProperty("identity");
        return new SeededStudy(files, identity.GetProperty("patient_id").GetString()!, identity.GetProperty("patient_name").GetString()!,
            keys.Select(k => k.GetProperty("original_study_uid").GetString()!).Distinct().ToList());
    }
}
