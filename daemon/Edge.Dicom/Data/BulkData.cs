using System.Buffers;
using System.Buffers.Binary;

namespace Edge.Dicom.Data;

/// <summary>Where bulk values live until they are copied: a seekable source shared by every reference into it.</summary>
public interface IBulkDataSource
{
    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; returns how many.</summary>
    int ReadAt(long offset, Span<byte> buffer);
}

/// <summary>A bulk source over a seekable stream; reads are serialised because the stream has one position.</summary>
public sealed class StreamBulkDataSource(Stream stream) : IBulkDataSource
{
    private readonly Lock _gate = new();

    public int ReadAt(long offset, Span<byte> buffer)
    {
        lock (_gate)
        {
            stream.Position = offset;
            var total = 0;
            while (total < buffer.Length)
            {
                var n = stream.Read(buffer[total..]);
                if (n == 0)
                {
                    break;
                }
                total += n;
            }
            return total;
        }
    }
}

/// <summary>
/// A value that was not loaded: its place in the source and the byte order it was written in there. The writer copies
/// it in chunks, swapping per <see cref="DicomVRInfo.SwapUnit"/> when the byte orders differ.
/// </summary>
public sealed record BulkDataRef(IBulkDataSource Source, long Offset, long Length, bool SourceIsBigEndian)
{
    /// <summary>Chunk size of copies: large enough for throughput, small enough to keep memory flat.</summary>
    public const int CopyChunk = 256 * 1024;

    /// <summary>Copies the value to <paramref name="output"/>, in little endian unless <paramref name="bigEndian"/>.</summary>
    public void CopyTo(Stream output, int swapUnit, bool bigEndian)
    {
        var swap = swapUnit > 1 && SourceIsBigEndian != bigEndian;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(CopyChunk, Math.Max(Length, 1)));
        try
        {
            long done = 0;
            while (done < Length)
            {
                var want = (int)Math.Min(buffer.Length - (buffer.Length % 8), Length - done);
                var span = buffer.AsSpan(0, want);
                var got = Source.ReadAt(Offset + done, span);
                if (got != want)
                {
                    throw new DicomException($"Source of a bulk value ended early: {Length - done} bytes were expected at offset {Offset + done}, {got} were there");
                }
                if (swap)
                {
                    ByteSwap.InPlace(span, swapUnit);
                }
                output.Write(span);
                done += want;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Loads the value (little endian). Only for callers that know it fits in memory, such as one frame.</summary>
    public byte[] ReadAll(int swapUnit)
    {
        if (Length > Array.MaxLength)
        {
            throw new DicomException($"A bulk value of {Length} bytes cannot be loaded into memory");
        }
        var data = new byte[Length];
        ReadRange(0, data, swapUnit);
        return data;
    }

    /// <summary>Reads a slice of the value (little endian) starting at <paramref name="start"/> within it.</summary>
    public void ReadRange(long start, Span<byte> destination, int swapUnit)
    {
        var got = Source.ReadAt(Offset + start, destination);
        if (got != destination.Length)
        {
            throw new DicomException($"Source of a bulk value ended early at offset {Offset + start + got}");
        }
        if (swapUnit > 1 && SourceIsBigEndian)
        {
            ByteSwap.InPlace(destination, swapUnit);
        }
    }
}

internal static class ByteSwap
{
    public static void InPlace(Span<byte> data, int unit)
    {
        var whole = data.Length - (data.Length % unit);
        switch (unit)
        {
            case 2:
                for (var i = 0; i < whole; i += 2)
                {
                    (data[i], data[i + 1]) = (data[i + 1], data[i]);
                }
                break;
            case 4:
                for (var i = 0; i < whole; i += 4)
                {
                    var s = data.Slice(i, 4);
                    BinaryPrimitives.WriteUInt32LittleEndian(s, BinaryPrimitives.ReadUInt32BigEndian(s));
                }
                break;
            case 8:
                for (var i = 0; i < whole; i += 8)
                {
                    var s = data.Slice(i, 8);
                    BinaryPrimitives.WriteUInt64LittleEndian(s, BinaryPrimitives.ReadUInt64BigEndian(s));
                }
                break;
        }
    }

    public static byte[] Copy(ReadOnlySpan<byte> data, int unit)
    {
        var copy = data.ToArray();
        if (unit > 1)
        {
            InPlace(copy, unit);
        }
        return copy;
    }
}
