using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Edge.QueryRetrieve.Tests.EndToEnd;

/// <summary>
/// An edgectl left running (a pull that streams progress): its standard output line by line as it comes, so that a
/// test can act in the middle of the pull, then its exit code and standard error.
/// </summary>
internal sealed class EdgectlRun : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private EdgectlRun(Process process)
    {
        _process = process;
    }

    public static EdgectlRun Start(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("edgectl did not start");
        var run = new EdgectlRun(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                run._lines.Writer.TryComplete();
                return;
            }
            lock (run._stdout)
            {
                run._stdout.AppendLine(e.Data);
            }
            run._lines.Writer.TryWrite(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (run._stderr)
            {
                run._stderr.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    public string StdOut
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StdErr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The next line of standard output, or null once edgectl closed it; throws when none comes in time.</summary>
    public async Task<string?> NextLineAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        return await _lines.Reader.WaitToReadAsync(wait.Token) ? await _lines.Reader.ReadAsync(wait.Token) : null;
    }

    /// <summary>Waits for edgectl to end (its output read to the end) and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
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
