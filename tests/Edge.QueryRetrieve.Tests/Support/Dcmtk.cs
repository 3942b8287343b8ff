using System.Diagnostics;
using System.Globalization;
using Edge.Dicom.Data;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.Support;

/// <summary>The Query/Retrieve information model a DCMTK SCU uses: -P patient root, -S study root.</summary>
internal enum Model
{
    PatientRoot,
    StudyRoot,
}

/// <summary>What a DCMTK C-FIND returned: the tool's result and each response identifier it extracted.</summary>
internal sealed record FindResult(ToolResult Tool, IReadOnlyList<DicomDataset> Matches)
{
    public IReadOnlyList<string> Values(DicomTag tag) => Matches.Select(m => m.GetString(tag) ?? "").ToList();
}

/// <summary>DCMTK's findscu, getscu, movescu and storescu with short timeouts, so a broken peer fails a test instead of hanging it.</summary>
internal static class Dcmtk
{
    private static readonly string[] s_timeouts = ["-to", "10", "-ta", "10", "-td", "30"];

    public static string Flag(this Model model) => model == Model.PatientRoot ? "-P" : "-S";

    public static ToolResult Run(string tool, IEnumerable<string> args) =>
        ExternalTool.Run(tool, [.. s_timeouts, .. args], TimeSpan.FromMinutes(2));

    /// <summary>C-FIND; each key is a findscu -k argument ("Keyword=value", or "Keyword" for a return key).</summary>
    public static FindResult Find(int port, string calledAe, string callingAe, Model model, string level, params string[] keys) =>
        Find(port, calledAe, callingAe, model, level, [], keys);

    /// <summary>C-FIND with further findscu options (such as --cancel N).</summary>
    public static FindResult Find(int port, string calledAe, string callingAe, Model model, string level, IReadOnlyList<string> options,
        params string[] keys)
    {
        using var output = new TempDirectory("edge-findscu");
        var args = new List<string> { model.Flag(), "-aet", callingAe, "-aec", calledAe, "-X", "-od", output.Path, "-k", "QueryRetrieveLevel=" + level };
        args.AddRange(options);
        foreach (var key in keys)
        {
            args.Add("-k");
            args.Add(key);
        }
        args.AddRange(["127.0.0.1", port.ToString(CultureInfo.InvariantCulture)]);
        var result = ExternalTool.Run("findscu", [.. s_timeouts, "-v", .. args], TimeSpan.FromMinutes(2));
        var matches = Directory.EnumerateFiles(output.Path, "rsp*.dcm").Order(StringComparer.Ordinal)
            .Select(f =>
            {
                using var file = DicomFile.Open(f);
                return file.Dataset;
            })
            .ToList();
        return new FindResult(result, matches);
    }

    /// <summary>C-GET into <paramref name="directory"/>; returns the tool's result.</summary>
    public static ToolResult Get(int port, string calledAe, string callingAe, Model model, string directory, params string[] keys) =>
        Run("getscu", [model.Flag(), "-v", "-aet", callingAe, "-aec", calledAe, "-od", directory, .. KeyArgs(keys), "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>C-MOVE to <paramref name="destination"/>; returns the tool's result.</summary>
    public static ToolResult Move(int port, string calledAe, string callingAe, Model model, string destination, params string[] keys) =>
        Run("movescu", [model.Flag(), "-v", "-aet", callingAe, "-aec", calledAe, "-aem", destination, .. KeyArgs(keys), "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>C-STORE of files in one association.</summary>
    public static ToolResult Store(int port, string calledAe, string callingAe, IEnumerable<string> files) =>
        Run("storescu", ["-aet", callingAe, "-aec", calledAe, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files]);

    private static IEnumerable<string> KeyArgs(IEnumerable<string> keys) => keys.SelectMany(k => new[] { "-k", k });
}

/// <summary>A DCMTK storescp writing what it receives into a directory: the C-MOVE destination of the tests.</summary>
internal sealed class StoreScp : IDisposable
{
    private readonly Process _process;

    private StoreScp(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public static StoreScp Start(string aeTitle, string directory)
    {
        ExternalTool.Require("storescp");
        System.IO.Directory.CreateDirectory(directory);
        var port = FreePort.Next();
        var psi = new ProcessStartInfo("storescp") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-aet", aeTitle, "-od", directory, "+xa", "-dhl", port.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["TCP_NODELAY"] = "1";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("storescp did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        FreePort.WaitUntilListening(port, process, "storescp", TimeSpan.FromSeconds(30));
        return new StoreScp(process, port, directory);
    }

    public IReadOnlyList<string> Files() => System.IO.Directory.EnumerateFiles(Directory).ToList();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
