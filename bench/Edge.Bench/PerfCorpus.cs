using System.Diagnostics;

namespace Edge.Bench;

/// <summary>Synthetic studies from ../shared/tools/make_perf_corpus.py, generated once per work directory.</summary>
public static class PerfCorpus
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ToolsDir => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "tools"));

    /// <summary>A directory of <paramref name="count"/> CT instances (512×512, 16-bit), made if missing.</summary>
    public static string CtInstances(string workDir, int count)
    {
        // Shared by every benchmark of a run: generating 500 MB once is enough.
        var dir = Path.GetFullPath(Path.Combine(workDir, "..", "corpus", $"ct-{count}"));
        if (!File.Exists(Path.Combine(dir, "perf_manifest.json")))
        {
            Generate(dir, "-n", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return dir;
    }

    /// <summary>
    /// <paramref name="count"/> CT instances of other patients and UIDs than <see cref="CtInstances"/>' (another
    /// seed), for warming a server up before a timed run without storing anything the run stores.
    /// </summary>
    public static IReadOnlyList<string> WarmUpCtInstances(string workDir, int count)
    {
        var dir = Path.GetFullPath(Path.Combine(workDir, "..", "corpus", $"ct-warmup-{count}"));
        if (!File.Exists(Path.Combine(dir, "perf_manifest.json")))
        {
            Generate(dir, "-n", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "97");
        }
        return Files(dir);
    }

    /// <summary>One large multiframe object of about <paramref name="megabytes"/> MiB, made if missing.</summary>
    public static string BigMultiframe(string workDir, int megabytes)
    {
        var dir = Path.GetFullPath(Path.Combine(workDir, "..", "corpus", $"big-{megabytes}"));
        if (!File.Exists(Path.Combine(dir, "perf_manifest.json")))
        {
            Generate(dir, "--big-multiframe-mb", megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--big-frames-only");
        }
        return Directory.EnumerateFiles(dir, "*.dcm", SearchOption.AllDirectories).OrderByDescending(f => new FileInfo(f).Length).First();
    }

    public static IReadOnlyList<string> Files(string dir) =>
        Directory.EnumerateFiles(dir, "*.dcm", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();

    private static void Generate(string dir, params string[] args)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, true);
        }
        Directory.CreateDirectory(dir);
        Console.WriteLine($"generating {dir} with make_perf_corpus.py {string.Join(' ', args)} ...");
        Measure.Run("/usr/bin/python3", new[] { Path.Combine(ToolsDir, "make_perf_corpus.py"), "-o", dir }.Concat(args));
    }

    /// <summary>Publishes edged (Release) into the work directory once, so benchmarks run the real binary.</summary>
    public static string PublishedEdged(string workDir)
    {
        var outDir = Path.Combine(workDir, "..", "edged-publish");
        var exe = Path.Combine(outDir, "edged");
        if (!File.Exists(exe) || File.GetLastWriteTimeUtc(exe) < NewestSource())
        {
            Console.WriteLine("publishing edged (Release) ...");
            Measure.Run("dotnet", ["publish", Path.Combine(RepoRoot, "daemon", "Edge.Daemon"), "-c", "Release", "-o", outDir, "--nologo"]);
        }
        return Path.GetFullPath(exe);
    }

    private static DateTime NewestSource() =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot, "daemon"), "*.cs", SearchOption.AllDirectories).Max(File.GetLastWriteTimeUtc);

    /// <summary>Peak resident set size in MiB of a command, measured by GNU time.</summary>
    public static double PeakRssMiB(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("/usr/bin/time") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add("EDGE_MAXRSS_KB=%M");
        psi.ArgumentList.Add(program);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {err}");
        }
        var line = err.Split('\n').Last(l => l.StartsWith("EDGE_MAXRSS_KB=", StringComparison.Ordinal));
        return long.Parse(line["EDGE_MAXRSS_KB=".Length..], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
