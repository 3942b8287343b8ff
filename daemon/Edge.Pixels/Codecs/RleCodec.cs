using System.Buffers.Binary;
using Edge.Dicom.Data;

namespace Edge.Pixels.Codecs;

/// <summary>
/// RLE Lossless (PS3.5 Annex G), ours: a 64-byte header of segment offsets, then one PackBits segment per byte of
/// each sample, most significant byte first. Encoding is per row so no run crosses a row boundary (G.3.1).
/// </summary>
public sealed class RleCodec : IPixelCodec
{
    private const int HeaderLength = 64;
    private const int MaxSegments = 15;

    public string Name => "RLE Lossless";

    public IReadOnlyCollection<TransferSyntax> TransferSyntaxes { get; } = [TransferSyntax.RleLossless];

    public bool CanEncode(TransferSyntax syntax) => syntax.Equals(TransferSyntax.RleLossless);

    public PixelDataInfo DecodedInfo(PixelDataInfo info, TransferSyntax syntax) => info;

    /// <summary>Colour frames are declared planar (PS3.5 G.2 note): RLE segments are planes whatever the input was.</summary>
    public PixelDataInfo EncodedInfo(PixelDataInfo info, TransferSyntax syntax) =>
        info.SamplesPerPixel > 1 ? info with { PlanarConfiguration = 1 } : info;

    public byte[] Decode(ReadOnlySpan<byte> frame, PixelDataInfo info, TransferSyntax syntax)
    {
        var segments = SegmentCount(info);
        if (frame.Length < HeaderLength)
        {
            throw Corrupt($"the frame is {frame.Length} bytes, shorter than the 64-byte header");
        }
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (declared != segments)
        {
            throw Corrupt($"the header lists {declared} segments, the attributes need {segments}");
        }
        var offsets = new int[segments + 1];
        for (var s = 0; s < segments; s++)
        {
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + s * 4)..]);
            if (offset < HeaderLength || offset > frame.Length || (s > 0 && offset < offsets[s - 1]))
            {
                throw Corrupt($"segment {s + 1} starts at {offset}, outside the frame or before the previous one");
            }
            offsets[s] = (int)offset;
        }
        offsets[segments] = frame.Length;

        var pixels = checked((int)info.PixelCount);
        var bytesPerSample = info.BytesPerSample;
        var output = new byte[info.FrameLength];
        var plane = new byte[pixels];
        for (var s = 0; s < segments; s++)
        {
            DecodeSegment(frame[offsets[s]..offsets[s + 1]], plane, s);
            var sample = s / bytesPerSample;
            // Segments go from the most significant byte; native data is little endian.
            var byteInSample = bytesPerSample - 1 - s % bytesPerSample;
            int start, stride;
            if (info.PlanarConfiguration == 0)
            {
                start = sample * bytesPerSample + byteInSample;
                stride = info.SamplesPerPixel * bytesPerSample;
            }
            else
            {
                start = sample * pixels * bytesPerSample + byteInSample;
                stride = bytesPerSample;
            }
            for (int p = 0, o = start; p < pixels; p++, o += stride)
            {
                output[o] = plane[p];
            }
        }
        return output;
    }

    public byte[] Encode(ReadOnlySpan<byte> frame, PixelDataInfo info, TransferSyntax syntax)
    {
        if (!CanEncode(syntax))
        {
            throw new UnsupportedPixelDataException($"{Name} cannot encode {syntax.Name}");
        }
        var segments = SegmentCount(info);
        if (frame.Length < info.FrameLength)
        {
            throw new ArgumentException($"The frame is {frame.Length} bytes, {info.FrameLength} expected", nameof(frame));
        }
        var pixels = checked((int)info.PixelCount);
        var bytesPerSample = info.BytesPerSample;
        using var output = new MemoryStream(info.FrameLength / 2 + HeaderLength);
        output.Write(new byte[HeaderLength]);
        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)segments);
        var plane = new byte[pixels];
        for (var s = 0; s < segments; s++)
        {
            var sample = s / bytesPerSample;
            var byteInSample = bytesPerSample - 1 - s % bytesPerSample;
            var (start, stride) = info.PlanarConfiguration == 0
                ? (sample * bytesPerSample + byteInSample, info.SamplesPerPixel * bytesPerSample)
                : (sample * pixels * bytesPerSample + byteInSample, bytesPerSample);
            for (int p = 0, i = start; p < pixels; p++, i += stride)
            {
                plane[p] = frame[i];
            }
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4 + s * 4), (uint)output.Position);
            for (var row = 0; row < info.Rows; row++)
            {
                PackBits.Encode(plane.AsSpan(row * info.Columns, info.Columns), output);
            }
            if (output.Position % 2 == 1)
            {
                output.WriteByte(0);
            }
        }
        var encoded = output.ToArray();
        header.CopyTo(encoded, 0);
        return encoded;
    }

    private static int SegmentCount(PixelDataInfo info)
    {
        if (info.BitsAllocated == 1)
        {
            throw new UnsupportedPixelDataException("RLE Lossless is not defined for 1-bit pixel data");
        }
        if (info.Photometric.IsSubsampled())
        {
            throw new UnsupportedPixelDataException($"RLE Lossless does not carry {info.Photometric.ToDicom()} data");
        }
        var segments = info.SamplesPerPixel * info.BytesPerSample;
        return segments <= MaxSegments ? segments
            : throw new UnsupportedPixelDataException($"RLE Lossless holds at most 15 segments, {segments} needed");
    }

    private static void DecodeSegment(ReadOnlySpan<byte> segment, Span<byte> plane, int index)
    {
        var written = PackBits.Decode(segment, plane);
        if (written < plane.Length)
        {
            throw Corrupt($"segment {index + 1} decodes to {written} bytes, {plane.Length} expected");
        }
    }

    private static PixelCodecException Corrupt(string problem) => new("RLE Lossless", problem);
}

/// <summary>The PackBits run-length scheme of PS3.5 G.3: a header byte n, then n+1 literals or one byte repeated 1-n times.</summary>
internal static class PackBits
{
    private const int MaxRun = 128;

    /// <summary>Decodes until <paramref name="output"/> is full or the input ends; returns the bytes written.</summary>
    public static int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int i = 0, o = 0;
        while (i < input.Length && o < output.Length)
        {
            var n = (sbyte)input[i++];
            if (n >= 0)
            {
                var count = Math.Min(n + 1, Math.Min(input.Length - i, output.Length - o));
                input.Slice(i, count).CopyTo(output[o..]);
                i += n + 1;
                o += count;
            }
            else if (n != -128)
            {
                if (i >= input.Length)
                {
                    break;
                }
                var count = Math.Min(1 - n, output.Length - o);
                output.Slice(o, count).Fill(input[i++]);
                o += count;
            }
        }
        return o;
    }

    /// <summary>Encodes: runs of three or more equal bytes (two at the start of a packet) are replicated, the rest literal.</summary>
    public static void Encode(ReadOnlySpan<byte> input, Stream output)
    {
        var i = 0;
        while (i < input.Length)
        {
            var run = RunLength(input, i);
            if (run >= 2)
            {
                output.WriteByte((byte)(sbyte)(1 - run));
                output.WriteByte(input[i]);
                i += run;
                continue;
            }
            var start = i;
            while (i < input.Length && i - start < MaxRun && (i == start || RunLength(input, i) < 3))
            {
                i++;
            }
            output.WriteByte((byte)(i - start - 1));
            output.Write(input[start..i]);
        }
    }

    private static int RunLength(ReadOnlySpan<byte> input, int at)
    {
        var value = input[at];
        var end = Math.Min(input.Length, at + MaxRun);
        var j = at + 1;
        while (j < end && input[j] == value)
        {
            j++;
        }
        return j - at;
    }
}
