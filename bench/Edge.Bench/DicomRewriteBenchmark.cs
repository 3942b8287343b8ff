using System.Diagnostics;
using Edge.Dicom.Data;

namespace Edge.Bench;

/// <summary>
/// Issue 2: read and rewrite 1,000 CT instances, Edge in one process against DCMTK dcmconv on the same files.
/// dcmconv converts one file per process, so its start-up is measured too and a start-up-corrected ratio is printed.
/// </summary>
public sealed class DicomRewriteBenchmark : IBenchmark
{
    public string Name => "dicom-rewrite";

    public string Description => "read + rewrite 1,000 CT 512x512 instances: Edge vs DCMTK dcmconv (target >= 1.0x)";

    public int Run(BenchContext context)
    {
        var files = PerfCorpus.Files(PerfCorpus.CtInstances(context.WorkDir, 1000));
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var outEdge = Path.Combine(context.WorkDir, "out-edge");
        var outDcmtk = Path.Combine(context.WorkDir, "out-dcmtk");
        Directory.CreateDirectory(outEdge);
        Directory.CreateDirectory(outDcmtk);

        var edge = Measure.MedianSeconds(context.Runs, () =>
        {
            for (var i = 0; i < files.Count; i++)
            {
                using var file = DicomFile.Open(files[i]);
                file.Save(Path.Combine(outEdge, $"{i}.dcm"));
            }
        });
        var dcmtk = Measure.MedianSeconds(context.Runs, () =>
        {
            for (var i = 0; i < files.Count; i++)
            {
                Measure.Run("dcmconv", [files[i], Path.Combine(outDcmtk, $"{i}.dcm")]);
            }
        });
        var startup = Measure.MedianSeconds(context.Runs, () =>
        {
            for (var i = 0; i < 100; i++)
            {
                Measure.Run("dcmconv", ["--version"]);
            }
        }) / 100;

        Measure.Report("rewrite", bytes, files.Count, edge, "dcmconv", dcmtk);
        var corrected = Math.Max(dcmtk - startup * files.Count, 1e-9);
        Measure.Report("rewrite (dcmconv minus its process start-up)", bytes, files.Count, edge, "dcmconv-work", corrected);
        Console.WriteLine($"dcmconv process start-up: {startup * 1000:F1} ms per call; target ratio >= 1.0x");
        return 0;
    }
}

/// <summary>
/// Issue 2: peak RSS of reading and rewriting a 1 GiB multiframe instance with edged convert (target under 100 MiB),
/// with dcmconv's for comparison.
/// </summary>
public sealed class DicomMemoryBenchmark : IBenchmark
{
    public string Name => "dicom-memory";

    public string Description => "peak RSS of edged convert on a 1 GiB multiframe (target < 100 MiB), beside dcmconv";

    public int Run(BenchContext context)
    {
        var big = PerfCorpus.BigMultiframe(context.WorkDir, 1024);
        var edged = PerfCorpus.PublishedEdged(context.WorkDir);
        var outFile = Path.Combine(context.WorkDir, "big-out.dcm");
        var sw = Stopwatch.StartNew();
        var edgeRss = PerfCorpus.PeakRssMiB(edged, ["convert", "--ts", "keep", big, outFile]);
        var edgeSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var dcmtkRss = PerfCorpus.PeakRssMiB("dcmconv", [big, outFile]);
        var dcmtkSeconds = sw.Elapsed.TotalSeconds;
        var size = new FileInfo(big).Length / 1024.0 / 1024.0;
        Console.WriteLine($"{size:F0} MiB multiframe: edged peak RSS {edgeRss:F1} MiB ({edgeSeconds:F1} s), " +
                          $"dcmconv peak RSS {dcmtkRss:F1} MiB ({dcmtkSeconds:F1} s); target edged < 100 MiB: {(edgeRss < 100 ? "met" : "NOT met")}");
        File.Delete(outFile);
        return edgeRss < 100 ? 0 : 1;
    }
}
