using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Edge.Testing;

namespace Edge.Cli.Tests.Support;

/// <summary>
/// edged and edgectl as an administrator installs them: <c>dotnet publish -c Release -o DIR</c>, once per test run.
/// The publish has its own artifacts directory, kept between runs so that later runs only rebuild what changed, and
/// never shared with the build that runs these tests. Concurrent test runs of one checkout take turns to publish, each
/// into a directory of its own.
/// </summary>
public sealed class PublishedBinaries
{
    private const string RunPrefix = "run-";

    private static readonly Lazy<PublishedBinaries> Instance = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    private PublishedBinaries(string directory)
    {
        Directory = directory;
    }

    /// <summary>Where this run's copies are (removed by a later run once this test process has ended).</summary>
    public string Directory { get; }

    public string Edged => Path.Combine(Directory, "edged", "edged");

    public string Edgectl => Path.Combine(Directory, "edgectl", "edgectl");

    public static PublishedBinaries Get() => Instance.Value;

    private static PublishedBinaries Publish()
    {
        var checkout = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Corpus.RepoRoot)))[..12];
        var root = Path.Combine(Path.GetTempPath(), "edge-cli-tests-" + checkout);
        System.IO.Directory.CreateDirectory(root);
        var output = Path.Combine(root, RunPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        using (TakeTurn(Path.Combine(root, "publish.lock")))
        {
            RemoveRunsOfEndedProcesses(root);
            foreach (var (project, name) in new[] { ("daemon/Edge.Daemon", "edged"), ("cli/Edge.Cli", "edgectl") })
            {
                var publish = ExternalTool.Run("dotnet",
                    ["publish", Path.Combine(Corpus.RepoRoot, project), "-c", "Release", "-o", Path.Combine(output, name),
                        "--artifacts-path", Path.Combine(root, "artifacts"), "-nologo", "-v", "quiet"],
                    TimeSpan.FromMinutes(10));
                if (publish.ExitCode != 0)
                {
                    throw new InvalidOperationException($"dotnet publish {project} failed:\n{publish.Output}");
                }
            }
        }
        return new PublishedBinaries(output);
    }

    /// <summary>An exclusive lock on a file (flock), waited for: one publish into the shared artifacts at a time.</summary>
    private static FileStream TakeTurn(string lockPath)
    {
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
            }
        }
    }

    /// <summary>
    /// Copies of earlier runs, named by their test process's id: removed once that process is gone (the test host
    /// is often killed at the end of a run, so it cannot be trusted to clean up after itself).
    /// </summary>
    private static void RemoveRunsOfEndedProcesses(string root)
    {
        foreach (var run in System.IO.Directory.EnumerateDirectories(root, RunPrefix + "*"))
        {
            var pid = Path.GetFileName(run)[RunPrefix.Length..];
            if (!System.IO.Directory.Exists(Path.Combine("/proc", pid)))
            {
                System.IO.Directory.Delete(run, recursive: true);
            }
        }
    }
}
