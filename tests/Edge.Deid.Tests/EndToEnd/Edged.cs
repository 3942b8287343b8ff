using System.Globalization;
using System.Security.Cryptography;
using Edge.Deid.Pseudonyms;
using Edge.Testing;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>One run of <c>edged deidentify</c>: exit code, output, and the inputs it held for review with the reason.</summary>
internal sealed record EdgedRun(int ExitCode, string StdOut, string StdErr, IReadOnlyDictionary<string, string> Held);

/// <summary>Runs the built <c>edged</c> binary (copied beside the tests by the project reference) as an operator would.</summary>
internal static class Edged
{
    private const string HeldPrefix = "held for review: ";

    public static string Program => Path.Combine(AppContext.BaseDirectory, "edged");

    public static EdgedRun Deidentify(string profile, string secretFile, string inDir, string outDir, int? jobs = null)
    {
        var args = new List<string> { "deidentify", "--profile", profile, "--secret-file", secretFile };
        if (jobs is { } j)
        {
            args.AddRange(["--jobs", j.ToString(CultureInfo.InvariantCulture)]);
        }
        args.AddRange([inDir, outDir]);
        var r = ExternalTool.Run(Program, args, TimeSpan.FromMinutes(5));
        // "held for review: PATH: reason", one line per held input.
        var held = r.StdErr.Split('\n')
            .Where(l => l.StartsWith(HeldPrefix, StringComparison.Ordinal))
            .Select(l => l[HeldPrefix.Length..].Split(": ", 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal);
        return new EdgedRun(r.ExitCode, r.StdOut, r.StdErr, held);
    }

    /// <summary>A workspace secret file (64 hex characters, mode 600) and the key edged derives from it.</summary>
    public static (string Path, WorkspaceKey Key) WriteSecret(string dir, string name, byte seed)
    {
        var secret = SHA256.HashData([seed]);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, Convert.ToHexString(secret));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // edged names the workspace "offline" for a secret file; UIDs and pseudonyms depend on the secret only.
        return (path, new WorkspaceKey("offline", secret));
    }
}
