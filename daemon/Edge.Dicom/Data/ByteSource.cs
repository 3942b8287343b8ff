using System.Buffers.Binary;

namespace Edge.Dicom.Data;

/// <summary>
/// A forward reader over a stream with its own buffer and an absolute position, so the parser never asks the stream
/// for a few bytes at a time and can skip bulk values by seeking.
/// </summary>
internal sealed class ByteSource
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOrigin;

    public ByteSource(Stream stream, long origin, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
        _bufferOrigin = origin;
        Length = stream.CanSeek ? stream.Length : -1;
    }

    /// <summary>Total length of the source, or -1 when the stream cannot tell.</summary>
    public long Length { get; }

    public long Position => _bufferOrigin + _start;

    public bool CanSeek => _stream.CanSeek;

    public long Remaining => Length < 0 ? long.MaxValue : Length - Position;

    /// <summary>Makes at least <paramref name="count"/> bytes available; false at end of stream.</summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOrigin += _start;
            _end -= _start;
            _start = 0;
        }
        while (_end < count)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                return false;
            }
            _end += n;
        }
        return true;
    }

    public bool AtEnd => !Ensure(1);

    public ReadOnlySpan<byte> Peek(int count) => Ensure(count) ? _buffer.AsSpan(_start, count) : ReadOnlySpan<byte>.Empty;

    public ReadOnlySpan<byte> PeekAvailable(int max)
    {
        Ensure(max);
        return _buffer.AsSpan(_start, Math.Min(max, _end - _start));
    }

    public ushort ReadUInt16(bool bigEndian)
    {
        var s = Take(2);
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
    }

    public uint ReadUInt32(bool bigEndian)
    {
        var s = Take(4);
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    public ReadOnlySpan<byte> Take(int count)
    {
        if (!Ensure(count))
        {
            throw new EndOfStreamException();
        }
        var s = _buffer.AsSpan(_start, count);
        _start += count;
        return s;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes into a new array, in pieces, so a lying length cannot
    /// make it allocate more than the stream really holds.</summary>
    public byte[] ReadBytes(long count)
    {
        if (count <= _buffer.Length)
        {
            return Take((int)count).ToArray();
        }
        using var ms = new MemoryStream();
        var left = count;
        while (left > 0)
        {
            if (!Ensure(1))
            {
                throw new EndOfStreamException();
            }
            var n = (int)Math.Min(left, _end - _start);
            ms.Write(_buffer, _start, n);
            _start += n;
            left -= n;
        }
        return ms.ToArray();
    }

    public void Skip(long count)
    {
        var inBuffer = _end - _start;
        if (count <= inBuffer)
        {
            _start += (int)count;
            return;
        }
        if (_stream.CanSeek)
        {
            var target = Position + count;
            if (target > Length)
            {
                throw new EndOfStreamException();
            }
            _stream.Position = target;
            _bufferOrigin = target;
            _start = _end = 0;
            return;
        }
        var left = count;
        while (left > 0)
        {
            if (!Ensure(1))
            {
                throw new EndOfStreamException();
            }
            var n = (int)Math.Min(left, _end - _start);
            _start += n;
            left -= n;
        }
    }
}
