using System.Diagnostics;

namespace Edge.Bench;

/// <summary>
/// Issue 3: de-identify 1,000 CT instances disk to disk, edged deidentify against gdcmanon (GDCM's PS3.15 Basic
/// profile, with its required certificate) on the same files, each in one process over the whole directory.
/// Edge runs single-threaded for the like-for-like ratio, then with all cores as it runs in production.
/// </summary>
public sealed class DeidBenchmark : IBenchmark
{
    public string Name => "deid";

    public string Description => "de-identify 1,000 CT instances: edged deidentify vs gdcmanon (target >= 1.0x)";

    public int Run(BenchContext context)
    {
        var input = PerfCorpus.CtInstances(context.WorkDir, 1000);
        var files = PerfCorpus.Files(input);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var edged = PerfCorpus.PublishedEdged(context.WorkDir);
        var secret = Path.Combine(context.WorkDir, "secret.hex");
        File.WriteAllText(secret, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var (cert, key) = Certificate(context.WorkDir);
        var outEdge = Path.Combine(context.WorkDir, "out-edge");
        var outGdcm = Path.Combine(context.WorkDir, "out-gdcm");

        void Fresh(string dir)
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
            Directory.CreateDirectory(dir);
        }

        var edge1 = Measure.MedianSeconds(context.Runs,
            () => Measure.Run(edged, ["deidentify", "-j", "1", "--profile", "research-default", "--secret-file", secret, input, outEdge]),
            () => Fresh(outEdge));
        var edgeN = Measure.MedianSeconds(context.Runs,
            () => Measure.Run(edged, ["deidentify", "--profile", "research-default", "--secret-file", secret, input, outEdge]),
            () => Fresh(outEdge));
        var gdcm = Measure.MedianSeconds(context.Runs,
            () => Measure.Run("gdcmanon", ["-e", "-c", cert, "-k", key, "--continue", "-r", "-i", input, "-o", outGdcm]),
            () => Fresh(outGdcm));

        Measure.Report("deidentify (Edge 1 thread)", bytes, files.Count, edge1, "gdcmanon", gdcm);
        Measure.Report($"deidentify (Edge {Environment.ProcessorCount} threads)", bytes, files.Count, edgeN, "gdcmanon", gdcm);
        Console.WriteLine("target ratio >= 1.0x");
        return 0;
    }

    private static (string Cert, string Key) Certificate(string dir)
    {
        var cert = Path.Combine(dir, "gdcm-cert.pem");
        var key = Path.Combine(dir, "gdcm-key.pem");
        if (!File.Exists(cert))
        {
            Measure.Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-subj", "/CN=edge-bench", "-days", "2"]);
        }
        return (cert, key);
    }
}
