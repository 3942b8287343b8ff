using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.Support;

/// <summary>
/// Debian's Orthanc as the hospital PACS: its own configuration in a temporary directory (storage there, HTTP on
/// loopback only, no plugins), Edge's workspace AE titles declared as modalities at 127.0.0.1, studies loaded
/// through its REST API.
/// </summary>
internal sealed class OrthancProcess : IDisposable
{
    public const string Program = "/usr/sbin/Orthanc";
    public const string AeTitle = "ORTHANC";

    private readonly Process _process;
    private readonly HttpClient _http;

    private OrthancProcess(Process process, int dicomPort, int httpPort)
    {
        _process = process;
        DicomPort = dicomPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}/") };
    }

    public int DicomPort { get; }

    /// <param name="modalities">AE title → port of each Edge workspace Orthanc may query for and send to.</param>
    public static OrthancProcess Start(string directory, IReadOnlyDictionary<string, int> modalities)
    {
        ExternalTool.Require(Program);
        var storage = Path.Combine(directory, "storage");
        Directory.CreateDirectory(storage);
        var (dicomPort, httpPort) = (FreePort.Next(), FreePort.Next());
        var declared = new JsonObject();
        foreach (var (aeTitle, port) in modalities)
        {
            declared[aeTitle.ToLowerInvariant()] = new JsonArray(aeTitle, "127.0.0.1", port);
        }
        var config = new JsonObject
        {
            ["Name"] = "EdgeTestPacs",
            ["StorageDirectory"] = storage,
            ["IndexDirectory"] = storage,
            ["TemporaryDirectory"] = storage,
            ["HttpPort"] = httpPort,
            ["DicomPort"] = dicomPort,
            ["DicomAet"] = AeTitle,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["Plugins"] = new JsonArray(),
            ["DicomModalities"] = declared,
            // A new association per C-MOVE: one kept open would outlive an edged restarted by a test.
            ["DicomAssociationCloseDelay"] = 0,
            ["SaveJobs"] = false,
        };
        var path = Path.Combine(directory, "orthanc.json");
        File.WriteAllText(path, config.ToJsonString());
        var psi = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(path);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Orthanc did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        FreePort.WaitUntilListening(httpPort, process, "Orthanc", TimeSpan.FromSeconds(30));
        FreePort.WaitUntilListening(dicomPort, process, "Orthanc", TimeSpan.FromSeconds(30));
        return new OrthancProcess(process, dicomPort, httpPort);
    }

    /// <summary>Stores a file through POST /instances.</summary>
    public async Task UploadAsync(string file)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        using var response = await _http.PostAsync(new Uri("instances", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public async Task<int> CountInstancesAsync() =>
        (await _http.GetFromJsonAsync<JsonElement>(new Uri("instances", UriKind.Relative))).GetArrayLength();

    public void Dispose()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
