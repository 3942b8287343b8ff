using System.Buffers.Binary;

namespace Edge.Pixels.Codecs.Jpeg;

/// <summary>
/// The frame header (SOFn) of a JPEG codestream, found by walking the markers before it: which process encoded the
/// frame (so the right decoder is chosen), its precision and dimensions, and its components.
/// </summary>
internal sealed record JpegFrameHeader(int Marker, int Precision, int Height, int Width, JpegComponent[] Components)
{
    public const int Sof3Lossless = 0xC3;

    public bool IsLossless => Marker is Sof3Lossless or 0xC7 or 0xCB or 0xCF;

    /// <summary>Reads markers from SOI up to the first SOFn.</summary>
    /// <exception cref="PixelCodecException">Not a JPEG codestream, or it ends before a frame header.</exception>
    public static JpegFrameHeader Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            throw Corrupt("the frame does not start with a JPEG SOI marker");
        }
        var at = 2;
        while (true)
        {
            // Fill bytes (0xFF) may precede any marker.
            while (at < data.Length && data[at] == 0xFF && at + 1 < data.Length && data[at + 1] == 0xFF)
            {
                at++;
            }
            if (at + 4 > data.Length || data[at] != 0xFF)
            {
                throw Corrupt($"no frame header before byte {at}");
            }
            var marker = data[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
            if (length < 2 || at + 2 + length > data.Length)
            {
                throw Corrupt($"marker FF{marker:X2} at byte {at} has length {length} past the end");
            }
            if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
            {
                return Parse(marker, data.Slice(at + 4, length - 2));
            }
            at += 2 + length;
        }
    }

    /// <summary>Parses the body of a SOFn marker segment (after its length).</summary>
    public static JpegFrameHeader Parse(int marker, ReadOnlySpan<byte> body)
    {
        if (body.Length < 6)
        {
            throw Corrupt("the frame header is truncated");
        }
        var count = body[5];
        if (count == 0 || body.Length < 6 + count * 3)
        {
            throw Corrupt($"the frame header declares {count} components in {body.Length} bytes");
        }
        var components = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var c = body.Slice(6 + i * 3, 3);
            components[i] = new JpegComponent(c[0], c[1] >> 4, c[1] & 0x0F, c[2]);
        }
        return new JpegFrameHeader(marker, body[0], BinaryPrimitives.ReadUInt16BigEndian(body[1..]),
            BinaryPrimitives.ReadUInt16BigEndian(body[3..]), components);
    }

    private static PixelCodecException Corrupt(string problem) => new("JPEG", problem);
}

/// <summary>A component of a JPEG frame: identifier, sampling factors and quantisation table selector.</summary>
internal readonly record struct JpegComponent(int Id, int H, int V, int QuantTable);
