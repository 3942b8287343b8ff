using Xunit;
using System.Diagnostics;
using System.Text;

namespace Edge.Testing;

/// <summary>Result of running an external program (DCMTK, dicom3tools, the shared Python tools).</summary>
public sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;
}

/// <summary>Runs real peers as child processes with a timeout, capturing their output.</summary>
public static class ExternalTool
{
    public static bool Exists(string program) =>
        program.Contains('/') ? File.Exists(program)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program)));

    public static void Require(string program) =>
        Skip.IfNot(Exists(program), $"{program} is not installed; the README test command installs it.");

    public static ToolResult Run(string program, IEnumerable<string> args, TimeSpan? timeout = null,
        IDictionary<string, string>? environment = null, string? workingDirectory = null, string? stdin = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // DCMTK waits 50 ms per message without TCP_NODELAY.
        psi.Environment["TCP_NODELAY"] = "1";
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start " + program);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in time");
        }
        p.WaitForExit();
        return new ToolResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static ToolResult Run(string program, params string[] args) => Run(program, (IEnumerable<string>)args);

    /// <summary>Runs one of ../shared/tools with Debian's python (which has pydicom), as its README asks.</summary>
    public static ToolResult RunSharedTool(string script, IEnumerable<string> args, TimeSpan? timeout = null) =>
        Run("/usr/bin/python3", new[] { Path.Combine(Corpus.ToolsDir, script) }.Concat(args), timeout ?? TimeSpan.FromMinutes(10));
}
