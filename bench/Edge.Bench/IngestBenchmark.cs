using System.Diagnostics;
using System.Globalization;

namespace Edge.Bench;

/// <summary>
/// Issue 5: 2,000 CT instances sent by one storescu (one association) into edged (de-identification, ledger, index,
/// durable publish) against the same into DCMTK storescp writing them to disk, and into storescp receiving only. Each
/// run starts a fresh server on a new, empty directory, warms it up with 2,000 other instances, then times storescu
/// from start to exit; the servers take turns run by run. storescp does not fsync; edged makes every acknowledged
/// instance durable, so the fsync latency of the disk is measured and printed beside the ratio.
/// </summary>
public sealed class IngestBenchmark : IBenchmark
{
    public string Name => "ingest-store";

    public string Description => "2,000 CT instances by storescu into edged vs into storescp, one association (target >= 0.9x)";

    public int Run(BenchContext context)
    {
        var input = PerfCorpus.CtInstances(context.WorkDir, 2000);
        var files = PerfCorpus.Files(input);
        var warmUp = PerfCorpus.WarmUpCtInstances(context.WorkDir, IngestPeer.WarmUpInstances);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var edged = PerfCorpus.PublishedEdged(context.WorkDir);
        using var runs = new RunDirectories(context.WorkDir);

        // The receive-only floor is what receiving alone costs (storescu's reading and sending, the network, DCMTK's
        // parsing): the time each server spends above it is what storing costs it.
        var times = Measure.AlternatingRuns<IngestPeer>(context.Runs,
            (() => IngestPeer.StartEdged(edged, runs.Next("state")).WarmedUpWith(warmUp), p => p.Send(files)),
            (() => IngestPeer.StartStoreScp(runs.Next("storescp")).WarmedUpWith(warmUp), p => p.Send(files)),
            (() => IngestPeer.StartStoreScp(runs.Next("floor"), receiveOnly: true).WarmedUpWith(warmUp), p => p.Send(files)));
        var (edge, dcmtk, floor) = (Measure.Median(times[0]), Measure.Median(times[1]), Measure.Median(times[2]));

        Measure.Report("C-STORE 2,000 CT, 1 association", bytes, files.Count, edge, "storescp", dcmtk);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"receive-only floor (storescp --ignore, nothing stored): {floor:F3} s; storing costs per instance above it: " +
            $"edged {(edge - floor) * 1000 / files.Count:F2} ms, storescp {(dcmtk - floor) * 1000 / files.Count:F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"every run (s): edged {Runs(times[0])}; storescp {Runs(times[1])}; receive-only {Runs(times[2])}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fsync of a 512 KiB file here: {FsyncMilliseconds(context.WorkDir):F2} ms; edged waits for 2 per instance in sequence (file with ledger commit, then directory), storescp for none"));
        Console.WriteLine("target ratio >= 0.9x");
        return 0;
    }

    private static string Runs(List<double> seconds) =>
        string.Join(" ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)));

    /// <summary>Median time to write and fsync a 512 KiB file in the work directory (the size of one CT instance).</summary>
    internal static double FsyncMilliseconds(string directory)
    {
        var data = new byte[512 * 1024];
        Random.Shared.NextBytes(data);
        var path = Path.Combine(directory, "fsync-probe");
        var times = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
            fs.Write(data);
            var sw = Stopwatch.StartNew();
            fs.Flush(flushToDisk: true);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        File.Delete(path);
        times.Sort();
        return times[times.Count / 2];
    }
}
