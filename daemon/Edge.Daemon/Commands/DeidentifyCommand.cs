using System.Collections.Concurrent;
using System.CommandLine;
using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Deid.Pseudonyms;
using Edge.Dicom;
using Edge.Dicom.Data;
using Spectre.Console;

namespace Edge.Daemon.Commands;

/// <summary>
/// <c>edged deidentify --profile P --secret-file F IN_DIR OUT_DIR</c>: the ingest engine, offline, over a directory.
/// Outputs are named from de-identified UIDs only: OUT_DIR/study/series/instance.dcm.
/// </summary>
internal static class DeidentifyCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "Built-in profile (basic, research-default) or a profile file", DefaultValueFactory = _ => "research-default" };
        var secretFile = new Option<FileInfo?>("--secret-file") { Description = "File holding the workspace secret (64 hex characters, or at least 16 raw bytes)" };
        var stateDir = new Option<DirectoryInfo?>("--state-dir") { Description = "Take the workspace secret from the ledger under this state directory (and record every mapping)" };
        var workspace = new Option<string?>("--workspace") { Description = "Workspace whose secret to use with --state-dir (created if new)" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Instances processed in parallel", DefaultValueFactory = _ => Environment.ProcessorCount };
        var input = new Argument<DirectoryInfo>("in-dir") { Description = "Directory of DICOM files (searched recursively)" };
        var output = new Argument<DirectoryInfo>("out-dir") { Description = "Where de-identified files are written" };
        var cmd = new Command("deidentify", "De-identify every DICOM file under a directory with the same engine as the network path")
        {
            profile, secretFile, stateDir, workspace, jobs, input, output,
        };
        cmd.SetAction(parse => Run(
            parse.GetValue(profile)!, parse.GetValue(secretFile), parse.GetValue(stateDir), parse.GetValue(workspace),
            Math.Max(1, parse.GetValue(jobs)), parse.GetValue(input)!, parse.GetValue(output)!));
        return cmd;
    }

    private static int Run(string profileName, FileInfo? secretFile, DirectoryInfo? stateDir, string? workspaceName, int jobs, DirectoryInfo input, DirectoryInfo output)
    {
        DeidProfile profile;
        try
        {
            profile = ProfileLoader.Resolve(profileName);
        }
        catch (ProfileException ex)
        {
            Console.Error.WriteLine($"edged deidentify: {ex.Message}");
            return EdgedCommandLine.BadInput;
        }
        if (!input.Exists)
        {
            Console.Error.WriteLine($"edged deidentify: input directory {input.FullName} does not exist");
            return EdgedCommandLine.BadInput;
        }

        WorkspaceKey key;
        IDeidMappingSink? sink = null;
        IDisposable? owner = null;
        try
        {
            (key, sink, owner) = SecretSource.Open(secretFile, stateDir, workspaceName);
        }
        catch (SecretSourceException ex)
        {
            Console.Error.WriteLine($"edged deidentify: {ex.Message}");
            return EdgedCommandLine.BadInput;
        }

        using var _ = owner;
        var engine = new DeidEngine(profile, pixelCleaner: Composition.PixelCleanerAdapter.Shared);
        var files = Directory.EnumerateFiles(input.FullName, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var results = new ConcurrentBag<(string File, string Outcome, string? Reason, Staged? Staged)>();
        Directory.CreateDirectory(output.FullName);

        void ProcessAll(Action advance) =>
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = jobs }, path =>
            {
                results.Add(ProcessOne(engine, key, sink, path, output.FullName));
                advance();
            });

        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsErrorRedirected)
        {
            AnsiConsole.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask("de-identifying", maxValue: files.Count);
                ProcessAll(() => task.Increment(1));
            });
        }
        else
        {
            ProcessAll(() => { });
        }

        PublishStaged(results.Where(r => r.Staged is not null).Select(r => r.Staged!).ToList());
        var done = results.Count(r => r.Outcome == "deidentified");
        var held = results.Where(r => r.Outcome == "held").OrderBy(r => r.File, StringComparer.Ordinal).ToList();
        var failed = results.Where(r => r.Outcome == "failed").OrderBy(r => r.File, StringComparer.Ordinal).ToList();
        var skipped = results.Count(r => r.Outcome == "skipped");
        foreach (var h in held)
        {
            Console.Error.WriteLine($"held for review: {h.File}: {h.Reason}");
        }
        foreach (var f in failed)
        {
            Console.Error.WriteLine($"failed: {f.File}: {f.Reason}");
        }
        Console.WriteLine($"de-identified {done}, held for review {held.Count}, failed {failed.Count}, skipped (not DICOM) {skipped}; profile {profile.Name} ({profile.Hash})");
        return failed.Count == 0 ? EdgedCommandLine.Success : EdgedCommandLine.Failure;
    }

    /// <summary>A de-identified instance written under a temporary name, and the name it should get.</summary>
    private sealed record Staged(string Input, string TempPath, string Target);

    private static (string, string, string?, Staged?) ProcessOne(DeidEngine engine, WorkspaceKey key, IDeidMappingSink? sink, string path, string outDir)
    {
        if (!DicomSniffer.LooksLikeDicom(path))
        {
            return (path, "skipped", null, null);
        }
        string? temp = null;
        try
        {
            using var file = DicomFile.Open(path);
            var outcome = engine.Deidentify(file, key);
            if (outcome.Status == DeidStatus.HeldForReview)
            {
                return (path, "held", outcome.Reason, null);
            }
            var m = outcome.Mappings;
            if (m.StudyUid.Length == 0 || m.SeriesUid.Length == 0 || m.SopInstanceUid.Length == 0)
            {
                // Without its three UIDs an instance cannot be filed nor paired in the ledger: a person decides.
                return (path, "held", "no StudyInstanceUID, SeriesInstanceUID or SOPInstanceUID", null);
            }
            sink?.RecordAsync(key.Workspace, m, outcome.ActionCounts, CancellationToken.None).GetAwaiter().GetResult();
            var dir = Path.Combine(outDir, SafeName(m.StudyUid), SafeName(m.SeriesUid));
            Directory.CreateDirectory(dir);
            temp = Path.Combine(dir, ".partial-" + Guid.NewGuid().ToString("N"));
            file.Save(temp);
            return (path, "deidentified", null, new Staged(path, temp, Path.Combine(dir, SafeName(m.SopInstanceUid))));
        }
        catch (Exception ex) when (ex is DicomException or DeidException or Edge.Ledger.LedgerException or IOException or UnauthorizedAccessException)
        {
            if (temp is not null)
            {
                File.Delete(temp);
            }
            return (path, "failed", ex.Message, null);
        }
    }

    /// <summary>
    /// Gives staged files their final names. Two inputs can be the same instance (one SOP Instance UID, say in two
    /// transfer syntaxes): the first in input order gets UID.dcm, the next UID_2.dcm and so on, so every input has its
    /// output and a rerun names them alike.
    /// </summary>
    private static void PublishStaged(List<Staged> staged)
    {
        foreach (var group in staged.GroupBy(s => s.Target, StringComparer.Ordinal))
        {
            var n = 0;
            foreach (var s in group.OrderBy(s => s.Input, StringComparer.Ordinal))
            {
                n++;
                var name = n == 1 ? s.Target + ".dcm" : $"{s.Target}_{n}.dcm";
                File.Move(s.TempPath, name, overwrite: true);
            }
        }
    }

    private static string SafeName(string uid) => uid.Length > 0 && uid.All(c => char.IsAsciiDigit(c) || c == '.') ? uid : "unknown";
}

/// <summary>Tells DICOM files from the other files a directory holds (answer keys, READMEs) without parsing them.</summary>
internal static class DicomSniffer
{
    public static bool LooksLikeDicom(string path)
    {
        Span<byte> head = stackalloc byte[132];
        int n;
        try
        {
            using var fs = File.OpenRead(path);
            n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (n >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M')
        {
            return true;
        }
        // A bare dataset starts with a low even group in either byte order (0002, 0008, 0010 ...).
        if (n < 8)
        {
            return false;
        }
        var groupLE = head[0] | (head[1] << 8);
        var groupBE = (head[0] << 8) | head[1];
        return (groupLE is >= 0x0002 and <= 0x0010 && (groupLE & 1) == 0) || (groupBE is >= 0x0002 and <= 0x0010 && (groupBE & 1) == 0);
    }
}
