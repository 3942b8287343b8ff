using System.Diagnostics;
using System.Globalization;

namespace Edge.Bench;

/// <summary>
/// Issue 5: 2,000 CT instances sent by one storescu (one association) into edged (de-identification, ledger, index,
/// durable publish) against the same into DCMTK storescp writing them to disk. Each run starts a fresh server on an
/// empty state or output directory, warms it up with 300 other instances, then times storescu from start to exit.
/// storescp does not fsync; edged makes every acknowledged instance durable, so the fsync latency of the disk is
/// measured and printed beside the ratio.
/// </summary>
public sealed class IngestBenchmark : IBenchmark
{
    /// <summary>Instances sent to each peer, untimed, before each timed run (other UIDs than the timed ones).</summary>
    private const int WarmUpInstances = 300;

    public string Name => "ingest-store";

    public string Description => "2,000 CT instances by storescu into edged vs into storescp, one association (target >= 0.9x)";

    public int Run(BenchContext context)
    {
        var input = PerfCorpus.CtInstances(context.WorkDir, 2000);
        var files = PerfCorpus.Files(input);
        var warmUp = PerfCorpus.WarmUpCtInstances(context.WorkDir, WarmUpInstances);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var edged = PerfCorpus.PublishedEdged(context.WorkDir);
        var state = Path.Combine(context.WorkDir, "state");
        var received = Path.Combine(context.WorkDir, "storescp");

        IngestPeer? peer = null;
        var edge = Measure.MedianSeconds(context.Runs, () => peer!.Send(files), () =>
        {
            peer?.Dispose();
            peer = IngestPeer.StartEdged(edged, Scratch.Fresh(state)).WarmedUpWith(warmUp);
        });
        peer?.Dispose();
        peer = null;
        var dcmtk = Measure.MedianSeconds(context.Runs, () => peer!.Send(files), () =>
        {
            peer?.Dispose();
            peer = IngestPeer.StartStoreScp(Scratch.Fresh(received)).WarmedUpWith(warmUp);
        });
        peer?.Dispose();
        peer = null;
        // What receiving alone costs (storescu's reading and sending, the network, DCMTK's parsing): the time each
        // server spends above it is what storing costs it.
        var floor = Measure.MedianSeconds(context.Runs, () => peer!.Send(files), () =>
        {
            peer?.Dispose();
            peer = IngestPeer.StartStoreScp(Scratch.Fresh(received), receiveOnly: true).WarmedUpWith(warmUp);
        });
        peer?.Dispose();
        Scratch.Fresh(state);
        Scratch.Fresh(received);

        Measure.Report("C-STORE 2,000 CT, 1 association", bytes, files.Count, edge, "storescp", dcmtk);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"receive-only floor (storescp --ignore, nothing stored): {floor:F3} s; storing costs per instance above it: " +
            $"edged {(edge - floor) * 1000 / files.Count:F2} ms, storescp {(dcmtk - floor) * 1000 / files.Count:F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fsync of a 512 KiB file here: {FsyncMilliseconds(context.WorkDir):F2} ms; edged waits for 2 per instance in sequence (file with ledger commit, then directory), storescp for none"));
        Console.WriteLine("target ratio >= 0.9x");
        return 0;
    }

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
