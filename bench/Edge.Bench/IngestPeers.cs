using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Testing;

namespace Edge.Bench;

/// <summary>
/// A storage SCP under test as a child process: the published edged (full de-identification, ledger, index, one
/// workspace on called AE EDGE) or DCMTK's storescp writing what it receives to a directory. Stopped with SIGTERM.
/// </summary>
internal sealed partial class IngestPeer : IDisposable
{
    public const string AeTitle = "EDGE";

    private readonly Process _process;

    private IngestPeer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>edged on a fresh state directory; returns once it answers on its port.</summary>
    public static IngestPeer StartEdged(string edged, string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var config = Path.Combine(stateDirectory, "..", Path.GetFileName(stateDirectory) + ".json");
        // Room for 32 benchmark associations; a small reserve so that the benchmark's own data does not trip it.
        File.WriteAllText(config, """
            {
              "dicom": { "bindAddress": "127.0.0.1", "maxAssociations": 40 },
              "storage": { "freeSpaceReserveMb": 64 },
              "workspaces": [ { "name": "bench", "aeTitle": "EDGE", "allowedCallers": [ { "aeTitle": "*", "host": "127.0.0.1" } ] } ]
            }
            """);
        var psi = new ProcessStartInfo(edged) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "run", "--config", config, "--state-dir", stateDirectory, "--port", "0", "--control-socket", Path.Combine(stateDirectory, "control.sock") })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment.Remove("JOURNAL_STREAM");
        psi.Environment.Remove("NOTIFY_SOCKET");
        var process = Process.Start(psi) ?? throw new InvalidOperationException("edged did not start");
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ReadyLine().Match(e.Data) is { Success: true } m)
            {
                ready.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new InvalidOperationException("edged did not become ready");
        }
        return new IngestPeer(process, ready.Task.Result);
    }

    /// <summary>
    /// storescp writing each instance to <paramref name="outputDirectory"/>; <paramref name="fork"/> serves each
    /// association in a child; <paramref name="receiveOnly"/> (--ignore) receives and answers but writes nothing.
    /// </summary>
    public static IngestPeer StartStoreScp(string outputDirectory, bool fork = false, bool bitPreserving = false, bool receiveOnly = false)
    {
        Directory.CreateDirectory(outputDirectory);
        var port = FreePort.Next();
        var psi = new ProcessStartInfo("storescp") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var args = new List<string> { "-aet", AeTitle, "-od", outputDirectory };
        if (fork)
        {
            args.Add("--fork");
        }
        if (bitPreserving)
        {
            args.Add("+B");
        }
        if (receiveOnly)
        {
            args.Add("--ignore");
        }
        args.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (var a in args)
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
        return new IngestPeer(process, port);
    }

    /// <summary>Peak resident set size of the SCP process so far (VmHWM), in MiB.</summary>
    public double PeakRssMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>
    /// Instances to send each server, untimed, before a timed run (<see cref="WarmedUpWith"/>). After 300, edged's JIT
    /// was still recompiling about 2,500 hot methods during the timed run (a sixth of its CPU); after 2,000, about 300.
    /// </summary>
    public const int WarmUpInstances = 2000;

    /// <summary>
    /// Sends <paramref name="files"/> untimed, so that the timed run measures the server as it runs for hours, not
    /// its first seconds (edged's JIT still optimising hot methods, thread pool growing). Both peers get the same.
    /// </summary>
    public IngestPeer WarmedUpWith(IReadOnlyList<string> files)
    {
        Send(files);
        return this;
    }

    /// <summary>One storescu process sending <paramref name="files"/> (or storescu arguments) on one association.</summary>
    public void Send(IEnumerable<string> files) =>
        Measure.Run("storescu", ["-aec", AeTitle, "127.0.0.1", Port.ToString(CultureInfo.InvariantCulture), .. files]);

    /// <summary>Several storescu processes at once, one association each, the files dealt out among them.</summary>
    public void SendInParallel(IReadOnlyList<string> files, int associations)
    {
        var shares = files.Select((f, i) => (f, i)).GroupBy(x => x.i % associations, x => x.f).Select(g => g.ToList()).ToList();
        Parallel.ForEach(shares, new ParallelOptions { MaxDegreeOfParallelism = associations }, Send);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Measure.Run("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            if (!_process.WaitForExit(60_000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Ready: DICOM on [0-9.]+:(\d+)")]
    private static partial Regex ReadyLine();
}

/// <summary>
/// A new, empty directory for each run of an ingest benchmark, all deleted together when the benchmark ends. Emptying
/// one directory before each run instead deletes thousands of files just before the next timed run, and ext4 then
/// passes over each recently deleted inode (a minute, or longer while its inode table block is dirty) every time it
/// allocates one: file creation slowed several-fold, in the writer's own path for storescp and on a background
/// thread for edged, by an amount that varied from run to run.
/// </summary>
internal sealed class RunDirectories(string workDir) : IDisposable
{
    private readonly string _root = Path.Combine(workDir, "runs");
    private int _made;

    public string Next(string name) => Scratch.Fresh(Path.Combine(_root, $"{name}-{++_made}"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

/// <summary>The directories a benchmark run writes into, emptied before each run.</summary>
internal static class Scratch
{
    public static string Fresh(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, true);
        }
        Directory.CreateDirectory(directory);
        return directory;
    }
}
