using System.Diagnostics;
using System.Threading.Channels;

namespace Edge.Cli.Tests.Support;

/// <summary>An edgectl that keeps running (watch): its output lines as they come, stopped when disposed.</summary>
public sealed class EdgectlProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private EdgectlProcess(Process process)
    {
        _process = process;
    }

    public static EdgectlProcess Start(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("edgectl did not start");
        var running = new EdgectlProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                running._lines.Writer.TryComplete();
            }
            else
            {
                running._lines.Writer.TryWrite(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>The next line of standard output; fails when none comes in time or the process ended.</summary>
    public async Task<string> NextLineAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        return await _lines.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
