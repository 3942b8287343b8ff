using System.Buffers.Binary;
using Edge.Dicom;
using Edge.Dicom.Data;

namespace Edge.Pixels.Frames;

/// <summary>
/// Frames of encapsulated pixel data (PS3.5 A.4). Fragments are mapped to frames by the Extended Offset Table when
/// present, else the Basic Offset Table, else one fragment per frame, all fragments for a single frame, or — for
/// multi-frame data fragmented without a table — the fragments that open with a codestream's start marker.
/// </summary>
public sealed class EncapsulatedFrameSource : IFrameSource
{
    private const int ItemHeader = 8;
    private readonly DicomFragmentSequence _fragments;
    private readonly ulong[]? _extendedOffsets;
    private readonly ulong[]? _extendedLengths;
    private readonly Lazy<int[]> _frameStarts;

    public EncapsulatedFrameSource(DicomFragmentSequence fragments, PixelDataInfo info, TransferSyntax syntax,
        ReadOnlyMemory<byte>? extendedOffsetTable = null, ReadOnlyMemory<byte>? extendedOffsetTableLengths = null)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        ArgumentNullException.ThrowIfNull(info);
        _fragments = fragments;
        Info = info;
        TransferSyntax = syntax;
        if (fragments.Fragments.Count == 0)
        {
            throw new InvalidPixelDataException("PixelData", "encapsulated pixel data holds no fragment");
        }
        if (extendedOffsetTable is { Length: > 0 } eot && extendedOffsetTableLengths is { Length: > 0 } eotl)
        {
            _extendedOffsets = ReadUInt64s(eot.Span, "ExtendedOffsetTable");
            _extendedLengths = ReadUInt64s(eotl.Span, "ExtendedOffsetTableLengths");
            if (_extendedOffsets.Length != _extendedLengths.Length)
            {
                throw new InvalidPixelDataException("ExtendedOffsetTableLengths", $"has {_extendedLengths.Length} entries for {_extendedOffsets.Length} offsets");
            }
        }
        _frameStarts = new Lazy<int[]>(MapFrames);
    }

    public PixelDataInfo Info { get; }
    public TransferSyntax TransferSyntax { get; }
    public int FrameCount => Info.NumberOfFrames;

    public byte[] ReadFrame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        var starts = _frameStarts.Value;
        var first = starts[index];
        var end = starts[index + 1];
        long total = 0;
        for (var f = first; f < end; f++)
        {
            total += _fragments.Fragments[f].Length;
        }
        if (_extendedLengths is not null && _extendedLengths[index] <= (ulong)total)
        {
            total = (long)_extendedLengths[index];
        }
        if (total > Array.MaxLength)
        {
            throw new InvalidPixelDataException("PixelData", $"frame {index} is {total} bytes, too large to decode");
        }
        var frame = new byte[total];
        var at = 0;
        for (var f = first; f < end && at < frame.Length; f++)
        {
            var data = _fragments.Fragments[f];
            var n = (int)Math.Min(data.Length, frame.Length - at);
            Read(data, 0, frame.AsSpan(at, n));
            at += n;
        }
        return frame;
    }

    private int[] MapFrames()
    {
        var frames = Info.NumberOfFrames;
        var count = _fragments.Fragments.Count;
        if (_extendedOffsets is not null)
        {
            return FromOffsets(_extendedOffsets, "ExtendedOffsetTable");
        }
        var bot = _fragments.OffsetTable;
        if (bot.Length > 0)
        {
            var table = new byte[bot.Length];
            Read(bot, 0, table);
            if (table.Length % 4 != 0)
            {
                throw new InvalidPixelDataException("PixelData", $"the basic offset table is {table.Length} bytes, not a multiple of 4");
            }
            var offsets = new ulong[table.Length / 4];
            for (var i = 0; i < offsets.Length; i++)
            {
                offsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(i * 4));
            }
            return FromOffsets(offsets, "PixelData");
        }
        if (frames == 1)
        {
            return [0, count];
        }
        if (frames == count)
        {
            return [.. Enumerable.Range(0, count + 1)];
        }
        if (frames < count)
        {
            var starts = Enumerable.Range(0, count).Where(IsFrameStart).ToList();
            if (starts.Count == frames && starts[0] == 0)
            {
                return [.. starts, count];
            }
        }
        throw new InvalidPixelDataException("PixelData", $"{count} fragments without an offset table cannot be split into {frames} frames");
    }

    /// <summary>Maps offsets (from the first fragment's item tag) to fragment indexes; each must start a fragment.</summary>
    private int[] FromOffsets(ulong[] offsets, string attribute)
    {
        if (offsets.Length != Info.NumberOfFrames)
        {
            throw new InvalidPixelDataException(attribute, $"lists {offsets.Length} frames, Number of Frames is {Info.NumberOfFrames}");
        }
        var starts = new int[offsets.Length + 1];
        ulong position = 0;
        var fragment = 0;
        for (var i = 0; i < offsets.Length; i++)
        {
            while (fragment < _fragments.Fragments.Count && position < offsets[i])
            {
                position += ItemHeader + (ulong)_fragments.Fragments[fragment].Length;
                fragment++;
            }
            if (position != offsets[i] || fragment >= _fragments.Fragments.Count || (i > 0 && fragment <= starts[i - 1]))
            {
                throw new InvalidPixelDataException(attribute, $"offset {offsets[i]} of frame {i} is not the start of a fragment");
            }
            starts[i] = fragment;
        }
        starts[^1] = _fragments.Fragments.Count;
        return starts;
    }

    /// <summary>True when a fragment opens with a JPEG SOI, a JPEG 2000 SOC+SIZ, or an RLE header.</summary>
    private bool IsFrameStart(int index)
    {
        var data = _fragments.Fragments[index];
        if (data.Length < 8)
        {
            return false;
        }
        Span<byte> head = stackalloc byte[8];
        Read(data, 0, head);
        if (head[0] == 0xFF && head[1] == 0xD8)
        {
            return true;
        }
        if (head[0] == 0xFF && head[1] == 0x4F && head[2] == 0xFF && head[3] == 0x51)
        {
            return true;
        }
        return TransferSyntax.Equals(TransferSyntax.RleLossless)
            && BinaryPrimitives.ReadUInt32LittleEndian(head) is >= 1 and <= 15
            && BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) == 64;
    }

    private static void Read(DicomValueData data, long start, Span<byte> destination)
    {
        if (data.Bulk is not { } bulk)
        {
            data.Memory.Span.Slice(checked((int)start), destination.Length).CopyTo(destination);
            return;
        }
        try
        {
            bulk.ReadRange(start, destination, 1);
        }
        catch (DicomException ex) when (ex is not PixelDataException)
        {
            throw new InvalidPixelDataException("PixelData", ex.Message);
        }
    }

    private static ulong[] ReadUInt64s(ReadOnlySpan<byte> bytes, string attribute)
    {
        if (bytes.Length % 8 != 0)
        {
            throw new InvalidPixelDataException(attribute, $"is {bytes.Length} bytes, not a multiple of 8");
        }
        var values = new ulong[bytes.Length / 8];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]);
        }
        return values;
    }
}
