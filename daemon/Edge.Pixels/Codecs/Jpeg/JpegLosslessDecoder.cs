using System.Buffers.Binary;

namespace Edge.Pixels.Codecs.Jpeg;

/// <summary>
/// Ours: JPEG lossless, Huffman coded (ITU T.81 Annex H, process 14, every predictor 1-7 and point transform), 2 to 16
/// bits, interleaved or one scan per component, with restart intervals. Debian 12's libjpeg-turbo 2.1 has no
/// lossless mode, hence this decoder.
/// </summary>
internal static class JpegLosslessDecoder
{
    private const string Codec = "JPEG Lossless";

    public static byte[] Decode(ReadOnlySpan<byte> data, PixelDataInfo info)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            throw Corrupt("the frame does not start with a JPEG SOI marker");
        }
        var tables = new HuffmanTable?[4];
        var restartInterval = 0;
        Frame? frame = null;
        var at = 2;
        var scans = 0;
        while (true)
        {
            at = NextMarker(data, at);
            if (at < 0)
            {
                break;
            }
            var marker = data[at + 1];
            at += 2;
            if (marker == 0xD9)
            {
                break;
            }
            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                continue;
            }
            if (at + 2 > data.Length)
            {
                throw Corrupt($"marker FF{marker:X2} is truncated");
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
            if (length < 2 || at + length > data.Length)
            {
                throw Corrupt($"marker FF{marker:X2} has length {length} past the end of the frame");
            }
            var body = data.Slice(at + 2, length - 2);
            at += length;
            switch (marker)
            {
                case 0xC4:
                    ReadHuffmanTables(body, tables);
                    break;
                case 0xC3:
                    frame = ReadFrame(body, info);
                    break;
                case 0xDD:
                    restartInterval = body.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(body) : throw Corrupt("DRI is truncated");
                    break;
                case 0xDA:
                    if (frame is null)
                    {
                        throw Corrupt("a scan precedes the frame header");
                    }
                    at = DecodeScan(data, at, body, frame, tables, restartInterval);
                    scans++;
                    break;
                case >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC):
                    throw new UnsupportedPixelDataException($"JPEG process SOF{marker - 0xC0} is not lossless Huffman (process 14)");
                case 0xDC:
                    throw new UnsupportedPixelDataException("JPEG frames whose height comes in a DNL marker are not supported");
            }
        }
        if (frame is null || scans == 0)
        {
            throw Corrupt("the codestream has no lossless frame or no scan");
        }
        return frame.ToNative(info);
    }

    private static int NextMarker(ReadOnlySpan<byte> data, int at)
    {
        for (var i = at; i + 1 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] is not (0x00 or 0xFF))
            {
                return i;
            }
        }
        return -1;
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> body, HuffmanTable?[] tables)
    {
        var at = 0;
        while (at < body.Length)
        {
            if (at + 17 > body.Length)
            {
                throw Corrupt("a Huffman table is truncated");
            }
            var classAndId = body[at];
            var counts = body.Slice(at + 1, 16);
            var total = 0;
            foreach (var c in counts)
            {
                total += c;
            }
            if (at + 17 + total > body.Length || total > 256)
            {
                throw Corrupt("a Huffman table lists more symbols than it holds");
            }
            var id = classAndId & 0x0F;
            if (id > 3)
            {
                throw Corrupt($"Huffman table id {id} is out of range");
            }
            // Lossless scans use only the DC-class tables.
            if (classAndId >> 4 == 0)
            {
                tables[id] = new HuffmanTable(counts, body.Slice(at + 17, total));
            }
            at += 17 + total;
        }
    }

    private static Frame ReadFrame(ReadOnlySpan<byte> body, PixelDataInfo info)
    {
        var header = JpegFrameHeader.Parse(JpegFrameHeader.Sof3Lossless, body);
        if (header.Precision is < 2 or > 16)
        {
            throw Corrupt($"precision {header.Precision} is outside 2-16");
        }
        if (header.Width != info.Columns || header.Height != info.Rows || header.Components.Length != info.SamplesPerPixel)
        {
            throw Corrupt($"the codestream is {header.Width}x{header.Height} with {header.Components.Length} components, the attributes say {info.Columns}x{info.Rows} with {info.SamplesPerPixel}");
        }
        if (header.Precision > info.BitsAllocated)
        {
            throw Corrupt($"precision {header.Precision} exceeds Bits Allocated {info.BitsAllocated}");
        }
        if (header.Components.Any(c => c.H != 1 || c.V != 1))
        {
            throw new UnsupportedPixelDataException("JPEG lossless with subsampled components is not supported");
        }
        return new Frame(header);
    }

    /// <summary>Decodes one scan starting after its header; returns the position of the marker that ends it.</summary>
    private static int DecodeScan(ReadOnlySpan<byte> data, int at, ReadOnlySpan<byte> body, Frame frame, HuffmanTable?[] tables, int restartInterval)
    {
        var count = body.Length > 0 ? body[0] : 0;
        if (count == 0 || body.Length < 1 + count * 2 + 3)
        {
            throw Corrupt("the scan header is truncated");
        }
        var components = new int[count];
        var scanTables = new HuffmanTable[count];
        for (var i = 0; i < count; i++)
        {
            var id = body[1 + i * 2];
            components[i] = Array.FindIndex(frame.Header.Components, c => c.Id == id);
            if (components[i] < 0)
            {
                throw Corrupt($"the scan names component {id}, absent from the frame");
            }
            scanTables[i] = tables[body[2 + i * 2] >> 4] ?? throw Corrupt($"the scan uses Huffman table {body[2 + i * 2] >> 4}, never defined");
        }
        var predictor = body[1 + count * 2];
        var pointTransform = body[3 + count * 2] & 0x0F;
        if (predictor is < 1 or > 7)
        {
            throw Corrupt($"predictor {predictor} is outside 1-7");
        }
        var precision = frame.Header.Precision;
        if (pointTransform >= precision)
        {
            throw Corrupt($"point transform {pointTransform} is not below precision {precision}");
        }

        var reader = new JpegBitReader(data, at);
        var width = frame.Header.Width;
        var height = frame.Header.Height;
        var initial = 1 << (precision - pointTransform - 1);
        var mask = (1 << (precision - pointTransform)) - 1;
        var units = 0;
        var restartRow = 0;
        var restartColumn = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (restartInterval > 0 && units > 0 && units % restartInterval == 0)
                {
                    reader.Restart();
                    restartRow = y;
                    restartColumn = x;
                }
                units++;
                for (var i = 0; i < count; i++)
                {
                    var plane = frame.Samples[components[i]];
                    var index = y * width + x;
                    int prediction;
                    if (y == restartRow && x == restartColumn)
                    {
                        prediction = initial;
                    }
                    else if (y == restartRow)
                    {
                        prediction = plane[index - 1];
                    }
                    else if (x == 0)
                    {
                        prediction = plane[index - width];
                    }
                    else
                    {
                        int ra = plane[index - 1], rb = plane[index - width], rc = plane[index - width - 1];
                        prediction = predictor switch
                        {
                            1 => ra,
                            2 => rb,
                            3 => rc,
                            4 => ra + rb - rc,
                            5 => ra + ((rb - rc) >> 1),
                            6 => rb + ((ra - rc) >> 1),
                            _ => (ra + rb) >> 1,
                        };
                    }
                    var category = scanTables[i].Decode(ref reader);
                    int difference;
                    if (category == 0)
                    {
                        difference = 0;
                    }
                    else if (category == 16)
                    {
                        difference = 32768;
                    }
                    else if (category < 16)
                    {
                        difference = reader.Read(category);
                        if (difference < 1 << (category - 1))
                        {
                            difference += 1 - (1 << category);
                        }
                    }
                    else
                    {
                        throw Corrupt($"difference category {category} is above 16");
                    }
                    // Reconstruction is modulo 2^16 (H.2.1), then kept to the scan's precision.
                    plane[index] = (ushort)((prediction + difference) & 0xFFFF & mask);
                }
            }
            if (reader.Overrun > 16)
            {
                throw Corrupt($"the scan ends at row {y} of {height}");
            }
        }
        frame.PointTransform = pointTransform;
        var end = NextMarker(data, reader.Position);
        return end < 0 ? data.Length : end;
    }

    private static PixelCodecException Corrupt(string problem) => new(Codec, problem);

    /// <summary>Decoded samples per component, filled scan by scan.</summary>
    private sealed class Frame(JpegFrameHeader header)
    {
        public JpegFrameHeader Header { get; } = header;

        public ushort[][] Samples { get; } = [.. header.Components.Select(_ => new ushort[header.Width * header.Height])];

        public int PointTransform { get; set; }

        public byte[] ToNative(PixelDataInfo info)
        {
            var pixels = Header.Width * Header.Height;
            var samples = Samples.Length;
            var bytes = info.BytesPerSample;
            var output = new byte[info.FrameLength];
            for (var c = 0; c < samples; c++)
            {
                var plane = Samples[c];
                for (var p = 0; p < pixels; p++)
                {
                    var value = plane[p] << PointTransform;
                    var o = (info.PlanarConfiguration == 0 ? p * samples + c : c * pixels + p) * bytes;
                    if (bytes == 1)
                    {
                        output[o] = (byte)value;
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(o), (ushort)value);
                    }
                }
            }
            return output;
        }
    }
}
