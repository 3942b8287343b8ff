using System.Text.RegularExpressions;
using Edge.Dicom.Data;
using Edge.Pixels.Frames;
using Edge.Pixels.Masking;
using Edge.Testing;

namespace Edge.Pixels.Tests.Masking;

/// <summary>Comparisons of decoded frames before and after masking, sample by sample.</summary>
internal static partial class MaskAssert
{
    /// <summary>Every frame of a file, decoded, with the layout they are decoded in.</summary>
    public static (PixelDataInfo Info, List<byte[]> Frames) Decode(DicomFile file)
    {
        var frames = PixelFrames.Open(file);
        return (frames.FrameInfo, [.. Enumerable.Range(0, frames.FrameCount).Select(frames.GetFrame)]);
    }

    public static uint Sample(byte[] frame, PixelDataInfo info, int x, int y, int component)
    {
        if (info.BitsAllocated == 1)
        {
            var i = y * info.Columns + x;
            return (uint)(frame[i >> 3] >> (i & 7)) & 1;
        }
        return NativeSamples.Read(frame, NativeSamples.Offset(info, x, y, component), info.BytesPerSample);
    }

    /// <summary>
    /// Counts samples that differ outside <paramref name="masked"/> (layouts may differ: interleaved against planar) and
    /// samples inside that differ from <paramref name="fill"/> (null: inside not checked).
    /// </summary>
    public static (int ChangedOutside, int WrongInside) Compare(byte[] before, PixelDataInfo beforeInfo, byte[] after, PixelDataInfo afterInfo,
        IReadOnlyList<PixelRect> masked, uint[]? fill)
    {
        int changed = 0, wrong = 0;
        for (var y = 0; y < beforeInfo.Rows; y++)
        {
            for (var x = 0; x < beforeInfo.Columns; x++)
            {
                var inside = masked.Any(r => r.Intersects(new PixelRect(x, y, 1, 1)));
                for (var c = 0; c < beforeInfo.SamplesPerPixel; c++)
                {
                    var a = Sample(after, afterInfo, x, y, c);
                    if (!inside && a != Sample(before, beforeInfo, x, y, c))
                    {
                        changed++;
                    }
                    else if (inside && fill is not null && a != fill[c])
                    {
                        wrong++;
                    }
                }
            }
        }
        return (changed, wrong);
    }

    /// <summary>dciodvfy's error lines for a file, UIDs and hexadecimal numbers generalised.</summary>
    public static IReadOnlySet<string> DciodvfyErrors(string path)
    {
        var r = ExternalTool.Run("dciodvfy", [path], TimeSpan.FromMinutes(1));
        return r.Output.Split('\n')
            .Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.Contains(" Error - ", StringComparison.Ordinal))
            .Select(l => Hex().Replace(Uid().Replace(l.TrimEnd(), "<UID>"), "<hex>"))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\d+(\.\d+)+")]
    private static partial Regex Uid();

    [GeneratedRegex("0x[0-9a-fA-F]+")]
    private static partial Regex Hex();
}
