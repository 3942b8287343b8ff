using System.Diagnostics;
using System.Globalization;
using Edge.Dicom.Data;
using Edge.Testing;

namespace Edge.Bench;

/// <summary>
/// Issue 7: C-GET of a 1,000-instance CT study by DCMTK getscu from edged, against DCMTK storescu sending the same
/// files to DCMTK storescp, in the same run. The study is first stored into edged (storescu → the embedded default's
/// workspace), then retrieved whole at STUDY level; both receivers write every instance to disk.
/// <c>--edged PATH</c> runs a given edged instead of publishing one (to keep the build in one's own artifacts path).
/// </summary>
public sealed class QueryRetrieveBenchmark : IBenchmark
{
    private const int Instances = 1000;

    public string Name => "qr-get";

    public string Description => "C-GET a 1,000-instance study: getscu from edged vs storescu -> storescp (target >= 0.9x)";

    public int Run(BenchContext context)
    {
        Directory.CreateDirectory(context.WorkDir);
        var input = OneStudy(context.WorkDir);
        var bytes = Directory.EnumerateFiles(input, "*.dcm", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var given = context.Arguments.ToList().IndexOf("--edged");
        var edged = given >= 0 && given + 1 < context.Arguments.Count ? Path.GetFullPath(context.Arguments[given + 1]) : PerfCorpus.PublishedEdged(context.WorkDir);
        var state = Scratch.Fresh(Path.Combine(context.WorkDir, "state"));
        var port = FreePort.Next();
        using var daemon = Background.Start(edged, ["run", "--state-dir", state, "--port", port.ToString(CultureInfo.InvariantCulture)], "Ready: DICOM on");
        Console.WriteLine("storing the study into edged ...");
        Measure.Run("storescu", ["-aec", "EDGE", "+sd", "+r", "+sp", "*.dcm", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), input]);
        var study = StudyUid(port, Path.Combine(context.WorkDir, "find"));

        var outGet = Path.Combine(context.WorkDir, "out-getscu");
        string[] get = ["-S", "-aec", "EDGE", "-od", outGet, "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study,
            "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)];
        // One warm-up retrieval: edged's first association pays for JIT compilation.
        Scratch.Fresh(outGet);
        Measure.Run("getscu", get);
        RequireCount(outGet);
        var edge = Measure.MedianSeconds(context.Runs, () => Measure.Run("getscu", get), () => Scratch.Fresh(outGet));
        RequireCount(outGet);

        var outScp = Scratch.Fresh(Path.Combine(context.WorkDir, "out-storescp"));
        var scpPort = FreePort.Next();
        using var storescp = Background.Start("storescp", ["-aet", "STORESCP", "-od", outScp, scpPort.ToString(CultureInfo.InvariantCulture)], null, scpPort);
        string[] store = ["-aec", "STORESCP", "+sd", "+r", "+sp", "*.dcm", "127.0.0.1", scpPort.ToString(CultureInfo.InvariantCulture), input];
        Measure.Run("storescu", store);
        var anchor = Measure.MedianSeconds(context.Runs, () => Measure.Run("storescu", store), () =>
        {
            foreach (var f in Directory.EnumerateFiles(outScp))
            {
                File.Delete(f);
            }
        });
        RequireCount(outScp);

        Measure.Report("C-GET 1,000-instance study", bytes, Instances, edge, "storescu->storescp", anchor);
        Console.WriteLine("target ratio >= 0.9x");
        return 0;
    }

    /// <summary>1,000 CT instances of one study (make_perf_corpus.py), made once per work directory tree.</summary>
    private static string OneStudy(string workDir)
    {
        var dir = Path.GetFullPath(Path.Combine(workDir, "..", "corpus", "ct-1000-one-study"));
        if (!File.Exists(Path.Combine(dir, "perf_manifest.json")))
        {
            Scratch.Fresh(dir);
            Console.WriteLine($"generating {dir} ...");
            Measure.Run("/usr/bin/python3", [Path.Combine(PerfCorpus.ToolsDir, "make_perf_corpus.py"), "-o", dir,
                "-n", Instances.ToString(CultureInfo.InvariantCulture), "--studies", "1", "--patients", "1"]);
        }
        return dir;
    }

    /// <summary>The de-identified Study Instance UID edged holds (the only study of its workspace).</summary>
    private static string StudyUid(int port, string directory)
    {
        Scratch.Fresh(directory);
        Measure.Run("findscu", ["-S", "-aec", "EDGE", "-X", "-od", directory, "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID",
            "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)]);
        var responses = Directory.GetFiles(directory, "rsp*.dcm");
        if (responses.Length != 1)
        {
            throw new InvalidOperationException($"edged holds {responses.Length} studies, expected 1");
        }
        using var response = DicomFile.Open(responses[0]);
        return response.Dataset.GetString(DicomTags.StudyInstanceUID) ?? throw new InvalidOperationException("no Study Instance UID in the response");
    }

    private static void RequireCount(string directory)
    {
        var count = Directory.EnumerateFiles(directory).Count();
        if (count != Instances)
        {
            throw new InvalidOperationException($"{directory} holds {count} instances, expected {Instances}");
        }
    }


    /// <summary>A server process for the length of the benchmark, stopped with SIGTERM.</summary>
    private sealed class Background : IDisposable
    {
        private readonly Process _process;

        private Background(Process process) => _process = process;

        /// <summary>Starts a server and waits for <paramref name="readyLine"/> on its output, or for <paramref name="port"/> to listen.</summary>
        public static Background Start(string program, IEnumerable<string> args, string? readyLine, int port = 0)
        {
            var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }
            psi.Environment["TCP_NODELAY"] = "1";
            var ready = new TaskCompletionSource();
            var process = Process.Start(psi) ?? throw new InvalidOperationException(program + " did not start");
            process.OutputDataReceived += (_, e) =>
            {
                if (readyLine is not null && e.Data?.Contains(readyLine, StringComparison.Ordinal) == true)
                {
                    ready.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new Background(process);
            if (readyLine is null)
            {
                FreePort.WaitUntilListening(port, process, program, TimeSpan.FromSeconds(30));
            }
            else if (!ready.Task.Wait(TimeSpan.FromSeconds(60)))
            {
                server.Dispose();
                throw new InvalidOperationException(program + " did not become ready");
            }
            return server;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Measure.Run("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                if (!_process.WaitForExit(60_000))
                {
                    _process.Kill();
                }
            }
            _process.Dispose();
        }
    }
}
