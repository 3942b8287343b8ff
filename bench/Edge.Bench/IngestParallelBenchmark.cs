namespace Edge.Bench;

/// <summary>
/// Issue 5: the same 2,000 CT instances dealt out to 32 storescu processes at once (32 associations), into edged
/// against storescp --fork (one child per association), both from empty directories. The ledger commits the mappings
/// of concurrent instances together, so edged's throughput here is what a PACS sending several studies at once gets.
/// </summary>
public sealed class IngestParallelBenchmark : IBenchmark
{
    /// <summary>Instances sent to each peer, untimed, before each timed run (other UIDs than the timed ones).</summary>
    private const int WarmUpInstances = 300;

    private const int Associations = 32;

    public string Name => "ingest-parallel";

    public string Description => "2,000 CT instances by 32 storescu processes at once into edged vs storescp --fork";

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
        var edge = Measure.MedianSeconds(context.Runs, () => peer!.SendInParallel(files, Associations), () =>
        {
            peer?.Dispose();
            peer = IngestPeer.StartEdged(edged, Scratch.Fresh(state)).WarmedUpWith(warmUp);
        });
        var peak = peer!.PeakRssMiB();
        peer.Dispose();
        peer = null;
        var dcmtk = Measure.MedianSeconds(context.Runs, () => peer!.SendInParallel(files, Associations), () =>
        {
            peer?.Dispose();
            peer = IngestPeer.StartStoreScp(Scratch.Fresh(received), fork: true).WarmedUpWith(warmUp);
        });
        peer?.Dispose();
        Scratch.Fresh(state);
        Scratch.Fresh(received);

        Measure.Report($"C-STORE 2,000 CT, {Associations} associations", bytes, files.Count, edge, "storescp --fork", dcmtk);
        Console.WriteLine($"edged peak RSS with {Associations} associations: {peak:F0} MiB");
        return 0;
    }
}
