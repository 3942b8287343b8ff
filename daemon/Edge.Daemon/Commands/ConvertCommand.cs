using System.CommandLine;
using Edge.Dicom;
using Edge.Dicom.Data;

namespace Edge.Daemon.Commands;

/// <summary><c>edged convert --ts SYNTAX IN OUT</c>: re-encode a file between the uncompressed syntaxes, or keep it.</summary>
internal static class ConvertCommand
{
    private static readonly Dictionary<string, TransferSyntax?> s_syntaxes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["keep"] = null,
        ["implicit-le"] = TransferSyntax.ImplicitVRLittleEndian,
        ["explicit-le"] = TransferSyntax.ExplicitVRLittleEndian,
        ["explicit-be"] = TransferSyntax.ExplicitVRBigEndian,
        ["deflate"] = TransferSyntax.DeflatedExplicitVRLittleEndian,
    };

    public static Command Create()
    {
        var ts = new Option<string>("--ts")
        {
            Description = "Target transfer syntax: keep | implicit-le | explicit-le | explicit-be | deflate",
            DefaultValueFactory = _ => "keep",
        };
        ts.AcceptOnlyFromAmong([.. s_syntaxes.Keys]);
        var input = new Argument<FileInfo>("in") { Description = "Input DICOM file" };
        var output = new Argument<FileInfo>("out") { Description = "Output file (replaced atomically)" };
        var cmd = new Command("convert", "Write a DICOM file again in another uncompressed transfer syntax (or unchanged with --ts keep)")
        {
            ts, input, output,
        };
        cmd.SetAction(parse =>
        {
            var inPath = parse.GetValue(input)!.FullName;
            var outPath = parse.GetValue(output)!.FullName;
            var target = s_syntaxes[parse.GetValue(ts)!];
            var temp = outPath + ".partial-" + Environment.ProcessId;
            try
            {
                using (var dicom = DicomFile.Open(inPath))
                {
                    dicom.Save(temp, target);
                }
                File.Move(temp, outPath, overwrite: true);
                return EdgedCommandLine.Success;
            }
            catch (Exception ex) when (ex is DicomException or IOException or UnauthorizedAccessException)
            {
                File.Delete(temp);
                Console.Error.WriteLine($"edged convert: {inPath}: {ex.Message}");
                return ex is DicomWriteException ? EdgedCommandLine.Failure : EdgedCommandLine.BadInput;
            }
        });
        return cmd;
    }
}
