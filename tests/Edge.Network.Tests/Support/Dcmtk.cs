using System.Diagnostics;
using Edge.Testing;

namespace Edge.Network.Tests.Support;

/// <summary>Runs the DCMTK network tools with short timeouts so a broken peer fails a test instead of hanging it.</summary>
internal static class Dcmtk
{
    /// <summary>-to connect, -ta ACSE and -td DIMSE timeouts in seconds.</summary>
    public static readonly string[] Timeouts = ["-to", "5", "-ta", "5", "-td", "15"];

    public static ToolResult Run(string tool, params string[] args) =>
        ExternalTool.Run(tool, [.. Timeouts, .. args], TimeSpan.FromSeconds(90));

    public static Task<ToolResult> RunAsync(string tool, params string[] args) => Task.Run(() => Run(tool, args));
}

/// <summary>
/// A DCMTK storescp writing what it receives, bit for bit (+B) and under unique names (+uf), into a directory: a
/// C-STORE or C-MOVE destination, and the reference for what a DCMTK SCU really sent.
/// </summary>
internal sealed class StoreScpProcess : IDisposable
{
    public const string AeTitle = "DCMTK_SCP";

    private readonly Process _process;

    private StoreScpProcess(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public static StoreScpProcess Start(string directory)
    {
        ExternalTool.Require("storescp");
        var port = FreePort.Next();
        var psi = new ProcessStartInfo("storescp")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-aet", AeTitle, "-od", directory, "+xa", "+B", "+uf", "-pm", "-dhl", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["TCP_NODELAY"] = "1";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("storescp did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        FreePort.WaitUntilListening(port, process, "storescp", TimeSpan.FromSeconds(10));
        return new StoreScpProcess(process, port, directory);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
