using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Testing;

namespace Edge.Integration.Tests.Support;

/// <summary>What storescu reported for one file: the response (text, and with -d the status and error comment), or why it was not sent.</summary>
public sealed class StoreOutcome(string file)
{
    public string File { get; } = file;

    /// <summary>The status text storescu prints with -v ("Success", "Refused: OutOfResources", ...); null without a response.</summary>
    public string? Response { get; set; }

    /// <summary>The DIMSE status (printed with -d only).</summary>
    public ushort? Status { get; set; }

    /// <summary>The Error Comment of the response (printed with -d only).</summary>
    public string? ErrorComment { get; set; }

    public List<string> Errors { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <summary>
    /// DCMTK said it read past the end of a value while encoding (an odd-length value re-encoded in another syntax):
    /// what went on the wire is not the file's data set, and may not be a well-formed one.
    /// </summary>
    public bool MangledBySender => Warnings.Any(w => w.Contains("Trying to read past end of value", StringComparison.Ordinal));

    public bool Succeeded => Response == "Success" || Status == 0;

    public bool Answered => Response is not null || Status is not null;

    public override string ToString() =>
        $"{Path.GetFileName(File)}: {Response ?? (Status is { } s ? $"0x{s:X4}" : "no response")} {ErrorComment} {string.Join(" | ", Errors)}";
}

/// <summary>A finished storescu run: exit code, everything it printed, and the outcome of each file in the order sent.</summary>
public sealed record StoreScuRun(int ExitCode, string Output, IReadOnlyList<StoreOutcome> Outcomes)
{
    public IEnumerable<StoreOutcome> Succeeded => Outcomes.Where(o => o.Succeeded);

    public StoreOutcome For(string file) => Outcomes.Single(o => o.File == file);
}

/// <summary>
/// DCMTK storescu as a child process, its stdout and stderr merged in order (through the shell) so that each
/// response can be attributed to the file sent before it. Short timeouts turn a stuck peer into a failed test.
/// </summary>
public sealed partial class StoreScu : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _successes;

    private StoreScu(Process process) => _process = process;

    /// <summary>Responses with status Success seen so far.</summary>
    public int Successes => Volatile.Read(ref _successes);

    public static StoreScu Start(int port, string calledAe, IEnumerable<string> options, IEnumerable<string> files, string callingAe = "STORESCU")
    {
        ExternalTool.Require("storescu");
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        string[] args = ["-c", "exec \"$@\" 2>&1", "sh", "storescu", "-v", "-nh", "-to", "5", "-ta", "10", "-td", "60",
            "-aet", callingAe, "-aec", calledAe, .. options, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files];
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // DCMTK waits for delayed ACKs without it.
        psi.Environment["TCP_NODELAY"] = "1";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("storescu did not start");
        var scu = new StoreScu(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                scu._closed.TrySetResult();
                return;
            }
            scu._lines.Enqueue(e.Data);
            if (e.Data.Contains("Received Store Response (Success)", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref scu._successes);
            }
        };
        process.BeginOutputReadLine();
        return scu;
    }

    public static async Task<StoreScuRun> RunAsync(int port, string calledAe, IEnumerable<string> options, IEnumerable<string> files,
        string callingAe = "STORESCU", TimeSpan? timeout = null)
    {
        await using var scu = Start(port, calledAe, options, files, callingAe);
        return await scu.WaitAsync(timeout ?? TimeSpan.FromMinutes(3));
    }

    /// <summary>Waits until at least <paramref name="count"/> instances were acknowledged with success.</summary>
    public async Task WaitForSuccessesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Successes < count)
        {
            if (_process.HasExited)
            {
                // Its last lines may still be in the pipe: count them before judging.
                await _closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
                if (Successes >= count)
                {
                    return;
                }
            }
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"storescu acknowledged {Successes} instances, not {count}:\n{string.Join('\n', _lines.TakeLast(20))}");
            }
            await Task.Delay(5);
        }
    }

    public async Task<StoreScuRun> WaitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        await _closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var lines = _lines.ToList();
        return new StoreScuRun(_process.ExitCode, string.Join('\n', lines), Parse(lines));
    }

    private static List<StoreOutcome> Parse(IEnumerable<string> lines)
    {
        var outcomes = new List<StoreOutcome>();
        StoreOutcome? current = null;
        foreach (var line in lines)
        {
            if (SendingFile().Match(line) is { Success: true } sending)
            {
                current = new StoreOutcome(sending.Groups[1].Value);
                outcomes.Add(current);
            }
            else if (FileError().Match(line) is { Success: true } bad)
            {
                // Files DCMTK refuses while checking its input come before any "Sending file".
                var file = bad.Groups[2].Value;
                var outcome = outcomes.LastOrDefault(o => o.File == file);
                if (outcome is null)
                {
                    outcome = new StoreOutcome(file);
                    outcomes.Add(outcome);
                }
                outcome.Errors.Add(line);
            }
            else if (current is null)
            {
                continue;
            }
            else if (Response().Match(line) is { Success: true } response)
            {
                current.Response = response.Groups[1].Success ? response.Groups[1].Value : "";
            }
            else if (DimseStatus().Match(line) is { Success: true } status)
            {
                current.Status = ushort.Parse(status.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
            else if (ErrorComment().Match(line) is { Success: true } comment)
            {
                current.ErrorComment = comment.Groups[1].Value;
            }
            else if (line.StartsWith("E: ", StringComparison.Ordinal))
            {
                current.Errors.Add(line);
            }
            else if (line.Contains("W: ", StringComparison.Ordinal))
            {
                current.Warnings.Add(line);
            }
        }
        return outcomes;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"^I: Sending file: (.+)$")]
    private static partial Regex SendingFile();

    [GeneratedRegex(@"^E: (Bad DICOM file|Store Failed, file|No SOP Class or Instance UID in file|Cannot open file|Unknown SOP class in file): ([^:]+)")]
    private static partial Regex FileError();

    [GeneratedRegex(@"Received Store Response(?: \((.+)\))?$")]
    private static partial Regex Response();

    [GeneratedRegex(@"DIMSE Status\s*: 0x([0-9a-fA-F]{4})")]
    private static partial Regex DimseStatus();

    [GeneratedRegex(@"\(0000,0902\) LO \[(.*)\]")]
    private static partial Regex ErrorComment();
}
