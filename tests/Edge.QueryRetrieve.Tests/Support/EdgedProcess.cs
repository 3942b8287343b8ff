using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.Support;

/// <summary>
/// The built <c>edged</c> (copied beside the tests by the project reference) running <c>edged run</c> in a state
/// directory, its console log captured. Started on a given port, or on port 0 with the port read from its Ready line.
/// </summary>
internal sealed partial class EdgedProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private EdgedProcess(Process process, string stateDirectory)
    {
        _process = process;
        StateDirectory = stateDirectory;
    }

    public static string Program => Path.Combine(AppContext.BaseDirectory, "edged");

    public string StateDirectory { get; }

    public int Port { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="config">A configuration file; null runs the embedded default.</param>
    public static EdgedProcess Start(string stateDirectory, string? config = null, int port = 0)
    {
        var psi = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "run", "--state-dir", stateDirectory, "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }
        if (config is not null)
        {
            psi.ArgumentList.Add("--config");
            psi.ArgumentList.Add(config);
        }
        psi.Environment.Remove("RUNTIME_DIRECTORY");
        psi.Environment.Remove("NOTIFY_SOCKET");
        var edged = new EdgedProcess(Process.Start(psi) ?? throw new InvalidOperationException("edged did not start"), stateDirectory);
        edged._process.OutputDataReceived += (_, e) => edged.Append(e.Data);
        edged._process.ErrorDataReceived += (_, e) => edged.Append(e.Data);
        edged._process.BeginOutputReadLine();
        edged._process.BeginErrorReadLine();
        edged.WaitUntilReady();
        return edged;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (ReadyLine().Match(Output) is { Success: true } ready)
            {
                Port = int.Parse(ready.Groups[1].Value, CultureInfo.InvariantCulture);
                return;
            }
            if (_process.HasExited)
            {
                break;
            }
            Thread.Sleep(50);
        }
        Kill();
        throw new InvalidOperationException("edged did not become ready:\n" + Output);
    }

    /// <summary>SIGKILL: no drain, no clean close, as a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM and wait: the daemon drains and closes cleanly.</summary>
    public void Stop()
    {
        if (_process.HasExited)
        {
            return;
        }
        ExternalTool.Run("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
        if (!_process.WaitForExit(30_000))
        {
            Kill();
        }
    }

    public void Dispose()
    {
        // A fixture may dispose an edged that a failed restart already disposed.
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Stop();
        _process.Dispose();
    }


    [GeneratedRegex(@"Ready: DICOM on [0-9.]+:(\d+)")]
    private static partial Regex ReadyLine();
}
