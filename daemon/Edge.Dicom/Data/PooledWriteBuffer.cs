using System.Buffers;

namespace Edge.Dicom.Data;

/// <summary>
/// A write-only buffer in front of a stream, its buffer rented from the shared pool. The writer's buffer is large (a
/// few big writes reach the page cache faster than many small ones), and a new one per instance, as BufferedStream
/// allocates, lands on the large object heap: at hundreds of instances a second that is a full collection every few.
/// Writes at least as large as the buffer go straight through.
/// </summary>
internal sealed class PooledWriteBuffer : Stream
{
    private readonly Stream _inner;
    private byte[]? _buffer;
    private int _count;

    public PooledWriteBuffer(Stream inner, int size)
    {
        _inner = inner;
        _buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PooledWriteBuffer));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _buffer is not null;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        var buffer = Buffer;
        if (data.Length > buffer.Length - _count)
        {
            FlushBuffer();
            if (data.Length >= buffer.Length)
            {
                _inner.Write(data);
                return;
            }
        }
        data.CopyTo(buffer.AsSpan(_count));
        _count += data.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Writes what is buffered to the inner stream and flushes it.</summary>
    public override void Flush()
    {
        FlushBuffer();
        _inner.Flush();
    }

    private void FlushBuffer()
    {
        if (_count > 0)
        {
            _inner.Write(Buffer, 0, _count);
            _count = 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Returns the buffer to the pool; what was not flushed is dropped (a failed write is abandoned whole).</summary>
    protected override void Dispose(bool disposing)
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
        base.Dispose(disposing);
    }
}
