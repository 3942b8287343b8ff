using System.Globalization;

namespace Edge.Bench;

/// <summary>
/// Issue 5: one 1 GiB multiframe instance sent by storescu into edged; the daemon's peak resident set (VmHWM, read
/// from /proc after the transfer) must stay under 150 MiB, since it spools and streams instead of holding the object.
/// storescp in bit-preserving mode (+B, which also streams to disk) receives the same file for the time ratio.
/// </summary>
public sealed class IngestMemoryBenchmark : IBenchmark
{
    private const double TargetMiB = 150;

    public string Name => "ingest-memory";

    public string Description => "peak RSS of edged receiving a 1 GiB multiframe instance (target < 150 MiB)";

    public int Run(BenchContext context)
    {
        var file = PerfCorpus.BigMultiframe(context.WorkDir, 1024);
        var bytes = new FileInfo(file).Length;
        var edged = PerfCorpus.PublishedEdged(context.WorkDir);
        var state = Path.Combine(context.WorkDir, "state");
        var received = Path.Combine(context.WorkDir, "storescp");

        IngestPeer? peer = null;
        var peaks = new List<double>();
        var edge = Measure.MedianSeconds(context.Runs, () =>
        {
            peer!.Send([file]);
            peaks.Add(peer.PeakRssMiB());
        }, () =>
        {
            peer?.Dispose();
            peer = IngestPeer.StartEdged(edged, Scratch.Fresh(state));
        });
        peer?.Dispose();
        peer = null;
        var dcmtk = Measure.MedianSeconds(context.Runs, () => peer!.Send([file]), () =>
        {
            peer?.Dispose();
            peer = IngestPeer.StartStoreScp(Scratch.Fresh(received), bitPreserving: true);
        });
        peer?.Dispose();
        Scratch.Fresh(state);
        Scratch.Fresh(received);

        Measure.Report("C-STORE of a 1 GiB multiframe", bytes, 1, edge, "storescp +B", dcmtk);
        var worst = peaks.Max();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"edged peak RSS after the transfer: {worst:F0} MiB (worst of {peaks.Count} runs); target < {TargetMiB:F0} MiB: {(worst < TargetMiB ? "met" : "NOT met")}"));
        return worst < TargetMiB ? 0 : 1;
    }
}
