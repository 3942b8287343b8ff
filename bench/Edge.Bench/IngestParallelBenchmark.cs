namespace Edge.Bench;

/// <summary>
/// Issue 5: the same 2,000 CT instances dealt out to 32 storescu processes at once (32 associations), into edged
/// against storescp --fork (one child per association), both from new, empty directories, in turns. The ledger
/// commits the mappings of concurrent instances together, so edged's throughput here is what a PACS sending several
/// studies at once gets.
/// </summary>
public sealed class IngestParallelBenchmark : IBenchmark
{
    private const int Associations = 32;

    public string Name => "ingest-parallel";

    public string Description => "2,000 CT instances by 32 storescu processes at once into edged vs storescp --fork";

    public int Run(BenchContext context)
    {
        var input = PerfCorpus.CtInstances(context.WorkDir, 2000);
        var files = PerfCorpus.Files(input);
        var warmUp = PerfCorpus.WarmUpCtInstances(context.WorkDir, IngestPeer.WarmUpInstances);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var edged = PerfCorpus.PublishedEdged(context.WorkDir);
        using var runs = new RunDirectories(context.WorkDir);

        var peak = 0.0;
        var times = Measure.AlternatingRuns<IngestPeer>(context.Runs,
            (() => IngestPeer.StartEdged(edged, runs.Next("state")).WarmedUpWith(warmUp), p =>
            {
                p.SendInParallel(files, Associations);
                peak = Math.Max(peak, p.PeakRssMiB());
            }),
            (() => IngestPeer.StartStoreScp(runs.Next("storescp"), fork: true).WarmedUpWith(warmUp), p => p.SendInParallel(files, Associations)));
        var (edge, dcmtk) = (Measure.Median(times[0]), Measure.Median(times[1]));

        Measure.Report($"C-STORE 2,000 CT, {Associations} associations", bytes, files.Count, edge, "storescp --fork", dcmtk);
        Console.WriteLine($"edged peak RSS with {Associations} associations: {peak:F0} MiB");
        return 0;
    }
}
