using System.Diagnostics;
using System.Globalization;

namespace Edge.Bench;

/// <summary>Timing helpers: medians of repeated runs, and a report line with throughput and ratio.</summary>
public static class Measure
{
    public static double MedianSeconds(int runs, Action action, Action? beforeEach = null)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            beforeEach?.Invoke();
            Settle();
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return Median(times);
    }

    /// <summary>The median of times already sorted (the upper one of an even count).</summary>
    public static double Median(List<double> sorted) => sorted[sorted.Count / 2];

    /// <summary>
    /// Every run's time, sorted, per contender: <paramref name="runs"/> timed runs of each, taken in turns (A, B, C, A,
    /// B, C, …) so that a disk or page cache whose state drifts during the benchmark weighs on all of them alike. Each
    /// run starts its contender untimed, times <c>Timed</c> on it, then disposes it.
    /// </summary>
    public static List<double>[] AlternatingRuns<T>(int runs, params (Func<T> Start, Action<T> Timed)[] contenders) where T : IDisposable
    {
        var times = contenders.Select(_ => new List<double>()).ToArray();
        for (var run = 0; run < runs; run++)
        {
            for (var c = 0; c < contenders.Length; c++)
            {
                using var contender = contenders[c].Start();
                Settle();
                var sw = Stopwatch.StartNew();
                contenders[c].Timed(contender);
                times[c].Add(sw.Elapsed.TotalSeconds);
            }
        }
        foreach (var t in times)
        {
            t.Sort();
        }
        return times;
    }

    /// <summary>
    /// Flushes dirty pages before a timed run: writeback left by a corpus just generated, or by the previous run,
    /// must not be charged to whichever tool happens to be measured next.
    /// </summary>
    public static void Settle() => Run("sync", []);

    public static void Report(string what, long bytes, int instances, double edgeSeconds, string anchor, double anchorSeconds)
    {
        var mb = bytes / 1024.0 / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: Edge {mb / edgeSeconds:F1} MB/s {instances / edgeSeconds:F0} inst/s ({edgeSeconds:F3} s) | " +
            $"{anchor} {mb / anchorSeconds:F1} MB/s {instances / anchorSeconds:F0} inst/s ({anchorSeconds:F3} s) | " +
            $"ratio {anchorSeconds / edgeSeconds:F2}x"));
    }

    /// <summary>Runs a process to completion (anchors such as dcmconv), throwing when it fails.</summary>
    public static void Run(string program, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["TCP_NODELAY"] = "1";
        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                psi.Environment[k] = v;
            }
        }
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({p.ExitCode}): {err.Result}");
        }
    }
}
