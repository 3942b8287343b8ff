using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Testing;

namespace Edge.Integration.Tests.Support;

/// <summary>
/// The real <c>edged run</c> (the binary the project reference copies beside the tests) as a child process on a port
/// it picks itself (--port 0), read back from its "Ready" line. Everything it prints is kept, in order, so a test
/// can check the logs for PHI.
/// </summary>
public sealed partial class EdgedProcess : IAsyncDisposable
{
    public const string DefaultAeTitle = "EDGE";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Systemd variables of the test runner's own environment would switch logging to journald or notify a manager.
    private static readonly string[] SystemdVariables =
        ["JOURNAL_STREAM", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "RUNTIME_DIRECTORY", "STATE_DIRECTORY", "CREDENTIALS_DIRECTORY"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EdgedProcess(Process process, string stateDirectory)
    {
        _process = process;
        StateDirectory = stateDirectory;
    }

    public static string Program => Path.Combine(AppContext.BaseDirectory, "edged");

    public string StateDirectory { get; }

    public EdgeState State => new(StateDirectory);

    public int Port { get; private set; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the daemon printed so far, stdout and stderr, one line each.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>Starts edged on <paramref name="stateDirectory"/> with a configuration file (null: the embedded default) and waits until it is ready.</summary>
    public static async Task<EdgedProcess> StartAsync(string stateDirectory, string? configFile = null)
    {
        var edged = Launch(stateDirectory, configFile);
        try
        {
            var exited = edged._process.WaitForExitAsync();
            var first = await Task.WhenAny(edged._ready.Task, exited, Task.Delay(StartTimeout));
            if (first != edged._ready.Task)
            {
                throw new InvalidOperationException($"edged did not become ready (exited: {edged._process.HasExited}):\n{edged.Output}");
            }
            edged.Port = edged._ready.Task.Result;
            return edged;
        }
        catch
        {
            await edged.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs edged to its end (for configurations it must refuse); returns the exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string stateDirectory, string configFile, TimeSpan timeout)
    {
        await using var edged = Launch(stateDirectory, configFile);
        using var deadline = new CancellationTokenSource(timeout);
        await edged._process.WaitForExitAsync(deadline.Token);
        await edged.OutputClosedAsync();
        return (edged._process.ExitCode, edged.Output);
    }

    private static EdgedProcess Launch(string stateDirectory, string? configFile)
    {
        var psi = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "run", "--state-dir", stateDirectory, "--port", "0", "--control-socket", Path.Combine(stateDirectory, "control.sock") })
        {
            psi.ArgumentList.Add(a);
        }
        if (configFile is not null)
        {
            psi.ArgumentList.Add("--config");
            psi.ArgumentList.Add(configFile);
        }
        foreach (var v in SystemdVariables)
        {
            psi.Environment.Remove(v);
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("edged did not start");
        var edged = new EdgedProcess(process, stateDirectory);
        process.OutputDataReceived += (_, e) => edged.Take(e.Data, edged._outputClosed);
        process.ErrorDataReceived += (_, e) => edged.Take(e.Data, edged._errorClosed);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return edged;
    }

    private void Take(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        _lines.Enqueue(line);
        if (ReadyLine().Match(line) is { Success: true } m)
        {
            _ready.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    private Task OutputClosedAsync() => Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Sends SIGTERM (what systemd sends) and waits for the exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan? timeout = null)
    {
        var kill = ExternalTool.Run("kill", "-TERM", Pid.ToString(CultureInfo.InvariantCulture));
        if (kill.ExitCode != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException("kill -TERM failed: " + kill.Output);
        }
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(deadline.Token);
        await OutputClosedAsync();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the daemon gets no chance to tidy anything, as in a power cut of the process.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        await OutputClosedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Ready: DICOM on [0-9.]+:(\d+)")]
    private static partial Regex ReadyLine();
}
