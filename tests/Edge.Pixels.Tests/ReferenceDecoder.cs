using System.Collections.Concurrent;
using Edge.Dicom.Data;
using Edge.Pixels.Frames;
using Edge.Testing;

namespace Edge.Pixels.Tests;

/// <summary>
/// Decodes a file with an independent implementation — DCMTK's dcmdjpeg/dcmdrle/dcmdjpls or GDCM's gdcmconv — into a
/// native file, and gives its frames and pixel attributes. Results are cached per file and tool.
/// </summary>
internal static class ReferenceDecoder
{
    private static readonly ConcurrentDictionary<(string, string), Lazy<Reference>> s_cache = new();

    /// <summary>The reference's frames, or <see cref="Failure"/> when the tool could not decode the file.</summary>
    public sealed record Reference(PixelDataInfo? Info, IReadOnlyList<byte[]> Frames, string? Failure);

    public static Reference Decode(string path, string tool)
    {
        ExternalTool.Require(tool);
        return s_cache.GetOrAdd((path, tool), key => new Lazy<Reference>(() => Run(key.Item1, key.Item2))).Value;
    }

    private static Reference Run(string path, string tool)
    {
        using var temp = new TempDirectory("edge-reference");
        var output = temp.Combine("decoded.dcm");
        string[] args = tool == "gdcmconv" ? ["--raw", path, output] : [path, output];
        var result = ExternalTool.Run(tool, args);
        if (result.ExitCode != 0)
        {
            return new Reference(null, [], result.Output);
        }
        using var file = DicomFile.Open(output);
        var source = FrameSource.Open(file);
        return new Reference(source.Info, [.. Enumerable.Range(0, source.FrameCount).Select(source.ReadFrame)], null);
    }
}
