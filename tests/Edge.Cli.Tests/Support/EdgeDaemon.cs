using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Testing;

namespace Edge.Cli.Tests.Support;

/// <summary>
/// A real edged, published, in a temporary state directory with its control socket beside it and a free DICOM port
/// on 127.0.0.1. Root is admin with reidentify; the group nogroup (65534) is auditor, and the socket belongs to it,
/// so that the tests can call as nobody. Stopped with SIGTERM, as systemd stops it.
/// </summary>
public sealed class EdgeDaemon : IAsyncDisposable
{
    public const uint Nobody = 65534;
    public const string SocketGroup = "nogroup";

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TempDirectory _directory;

    private EdgeDaemon(PublishedBinaries binaries, TempDirectory directory, int port, Process process)
    {
        Binaries = binaries;
        _directory = directory;
        DicomPort = port;
        _process = process;
    }

    public PublishedBinaries Binaries { get; }

    public string SocketPath => _directory.Combine("control.sock");

    public string StateDirectory => _directory.Combine("state");

    /// <summary>A directory the tests may write into (exports, backups).</summary>
    public string Scratch => _directory.Path;

    public int DicomPort { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="maxAssociations">The listener's limit (the configuration's default unless a test needs it reached).</param>
    public static async Task<EdgeDaemon> StartAsync(int maxAssociations = 32)
    {
        var binaries = PublishedBinaries.Get();
        var directory = new TempDirectory("edge-cli");
        var port = FreePort.Next();
        var config = directory.Combine("edge.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "dicom": { "bindAddress": "127.0.0.1", "port": {{port.ToString(CultureInfo.InvariantCulture)}}, "maxAssociations": {{maxAssociations.ToString(CultureInfo.InvariantCulture)}} },
              "storage": { "freeSpaceReserveMb": 1 },
              "control": {
                "socketGroup": "{{SocketGroup}}",
                "roles": [
                  { "role": "admin", "uids": [0], "reidentify": true },
                  { "role": "auditor", "gids": [{{Nobody.ToString(CultureInfo.InvariantCulture)}}] }
                ]
              },
              "workspaces": [
                { "name": "default", "aeTitle": "EDGE", "allowedCallers": [ { "aeTitle": "*", "host": "127.0.0.1" } ] }
              ]
            }
            """);
        var start = new ProcessStartInfo(binaries.Edged)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.Path,
        };
        foreach (var arg in new[] { "run", "--config", config, "--state-dir", directory.Combine("state"), "--control-socket", directory.Combine("control.sock") })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("edged did not start");
        var daemon = new EdgeDaemon(binaries, directory, port, process);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await daemon.WaitUntilReadyAsync().ConfigureAwait(false);
        return daemon;
    }

    /// <summary>edgectl on this daemon's socket, as root (admin with reidentify).</summary>
    public ToolResult Edgectl(params string[] args) =>
        ExternalTool.Run(Binaries.Edgectl, ["--socket", SocketPath, .. args], TimeSpan.FromSeconds(60));

    /// <summary>edgectl as nobody:nogroup with no other group, as another administrator's process would call.</summary>
    public ToolResult EdgectlAsNobody(params string[] args) =>
        ExternalTool.Run("setpriv",
            [$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", Binaries.Edgectl, "--socket", SocketPath, .. args],
            TimeSpan.FromSeconds(60));

    /// <summary>edgectl --json ...: must succeed; its standard output parsed.</summary>
    public JsonElement Json(params string[] args)
    {
        var run = Edgectl(["--json", .. args]);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"edgectl {string.Join(' ', args)} exited {run.ExitCode}: {run.Output}");
        }
        using var document = JsonDocument.Parse(run.StdOut);
        return document.RootElement.Clone();
    }

    /// <summary>A long-running edgectl (watch) whose output lines can be awaited one by one.</summary>
    public EdgectlProcess StartEdgectl(params string[] args) => EdgectlProcess.Start(Binaries.Edgectl, ["--socket", SocketPath, .. args]);

    public ToolResult StoreScu(string calledAeTitle, params string[] files) =>
        ExternalTool.Run("storescu", ["-aec", calledAeTitle, "-aet", "PACS", "127.0.0.1", DicomPort.ToString(CultureInfo.InvariantCulture), .. files]);

    public ToolResult EchoScu(string calledAeTitle) =>
        ExternalTool.Run("echoscu", ["-aec", calledAeTitle, "127.0.0.1", DicomPort.ToString(CultureInfo.InvariantCulture)]);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            ExternalTool.Run("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        _directory.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Log.Contains("Ready:", StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"edged did not become ready:\n{Log}");
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
    }
}
