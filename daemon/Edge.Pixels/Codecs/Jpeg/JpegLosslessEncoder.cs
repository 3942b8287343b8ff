using System.Buffers.Binary;

namespace Edge.Pixels.Codecs.Jpeg;

/// <summary>
/// Ours: JPEG lossless encoding, process 14 with first-order prediction (selection value 1), which both the .57 and
/// .70 syntaxes accept. One interleaved scan, one Huffman table optimised for the frame.
/// </summary>
internal static class JpegLosslessEncoder
{
    private const int Predictor = 1;

    public static byte[] Encode(ReadOnlySpan<byte> frame, PixelDataInfo info)
    {
        if (info.BitsAllocated is not (8 or 16))
        {
            throw new UnsupportedPixelDataException($"JPEG lossless encoding takes 8 or 16 bits allocated, not {info.BitsAllocated}");
        }
        if (info.Photometric.IsSubsampled())
        {
            throw new UnsupportedPixelDataException($"JPEG lossless encoding does not take {info.Photometric.ToDicom()} data");
        }
        var planes = SamplePlanes.Read(frame, info, out var precision);
        precision = Math.Max(2, precision);
        var width = info.Columns;
        var height = info.Rows;

        var frequencies = new long[17];
        ForEachDifference(planes, width, height, precision, (_, category, _) => frequencies[category]++);
        var table = HuffmanCodeBuilder.Build(frequencies);

        using var output = new MemoryStream(frame.Length / 2 + 1024);
        WriteMarker(output, 0xD8);
        WriteSegment(output, 0xC3, FrameHeader(info, precision, planes.Length));
        WriteSegment(output, 0xC4, [0x00, .. table.Counts, .. table.Symbols]);
        WriteSegment(output, 0xDA, ScanHeader(planes.Length));
        var writer = new JpegBitWriter(output);
        ForEachDifference(planes, width, height, precision, (difference, category, _) =>
        {
            var (code, length) = table.Codes[category];
            writer.Write(code, length);
            if (category is > 0 and < 16)
            {
                writer.Write(difference < 0 ? difference - 1 : difference, category);
            }
        });
        writer.Flush();
        WriteMarker(output, 0xD9);
        return EvenLength.Pad(output.ToArray());
    }

    /// <summary>Visits each sample's difference from its prediction, component-interleaved, in coding order.</summary>
    private static void ForEachDifference(ushort[][] planes, int width, int height, int precision, Action<int, int, int> visit)
    {
        var initial = 1 << (precision - 1);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var index = y * width + x;
                for (var c = 0; c < planes.Length; c++)
                {
                    var plane = planes[c];
                    var prediction = y == 0 ? (x == 0 ? initial : plane[index - 1]) : x == 0 ? plane[index - width] : plane[index - 1];
                    var difference = (plane[index] - prediction) & 0xFFFF;
                    if (difference >= 0x8000)
                    {
                        difference -= 0x10000;
                    }
                    var category = difference == -0x8000 ? 16 : 32 - int.LeadingZeroCount(Math.Abs(difference));
                    visit(difference, category, c);
                }
            }
        }
    }

    private static byte[] FrameHeader(PixelDataInfo info, int precision, int components)
    {
        var header = new byte[6 + components * 3];
        header[0] = (byte)precision;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(1), (ushort)info.Rows);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(3), (ushort)info.Columns);
        header[5] = (byte)components;
        for (var c = 0; c < components; c++)
        {
            header[6 + c * 3] = (byte)(c + 1);
            header[7 + c * 3] = 0x11;
        }
        return header;
    }

    private static byte[] ScanHeader(int components)
    {
        var header = new byte[1 + components * 2 + 3];
        header[0] = (byte)components;
        for (var c = 0; c < components; c++)
        {
            header[1 + c * 2] = (byte)(c + 1);
        }
        header[1 + components * 2] = Predictor;
        return header;
    }

    private static void WriteMarker(Stream output, byte marker)
    {
        output.WriteByte(0xFF);
        output.WriteByte(marker);
    }

    private static void WriteSegment(Stream output, byte marker, ReadOnlySpan<byte> body)
    {
        WriteMarker(output, marker);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(body.Length + 2));
        output.Write(length);
        output.Write(body);
    }
}

/// <summary>Writes entropy-coded bits most significant first, stuffing a zero after each 0xFF, padding with ones.</summary>
internal sealed class JpegBitWriter(Stream output)
{
    private uint _bits;
    private int _count;

    public void Write(int value, int length)
    {
        for (var i = length - 1; i >= 0; i--)
        {
            _bits = (_bits << 1) | (uint)((value >> i) & 1);
            if (++_count == 8)
            {
                Emit((byte)_bits);
            }
        }
    }

    public void Flush()
    {
        while (_count != 0)
        {
            Write(1, 1);
        }
    }

    private void Emit(byte b)
    {
        output.WriteByte(b);
        if (b == 0xFF)
        {
            output.WriteByte(0x00);
        }
        _bits = 0;
        _count = 0;
    }
}
