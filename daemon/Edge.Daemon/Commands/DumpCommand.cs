using System.CommandLine;
using Edge.Dicom;
using Edge.Dicom.Data;

namespace Edge.Daemon.Commands;

/// <summary><c>edged dump FILE</c>: one line per element, as dcmdump prints it.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "DICOM file (Part 10 or bare dataset)" };
        var all = new Option<bool>("--print-all", "-L") { Description = "Print long values completely (dcmdump +L)" };
        var loadAll = new Option<bool>("--load-all", "-M") { Description = "Load and print values longer than 4 KiB too" };
        var cmd = new Command("dump", "Print every element of a DICOM file: tag, VR, value, length, multiplicity, keyword")
        {
            file, all, loadAll,
        };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var options = new DicomDumpOptions
            {
                MaxValueChars = parse.GetValue(all) ? 0 : 64,
                MaxLoadBytes = parse.GetValue(loadAll) ? 0 : 4096,
            };
            try
            {
                using var dicom = DicomFile.Open(path.FullName);
                using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
                DicomDump.Write(dicom, stdout, options);
                return EdgedCommandLine.Success;
            }
            catch (Exception ex) when (ex is DicomException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"edged dump: {path}: {ex.Message}");
                return EdgedCommandLine.BadInput;
            }
        });
        return cmd;
    }
}
