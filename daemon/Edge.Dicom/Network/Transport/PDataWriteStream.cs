using System.Buffers;
using System.Buffers.Binary;

namespace Edge.Dicom.Network;

/// <summary>
/// A write-only stream that cuts what is written into P-DATA-TF PDUs of one PDV each, as large as the peer accepts.
/// The PDU and PDV headers sit in front of the data in one pooled buffer, so each PDU goes out in one write and
/// nothing the size of the object is ever held. Call <see cref="CompleteAsync"/> to send the last fragment.
/// </summary>
internal sealed class PDataWriteStream : Stream
{
    private const int DataOffset = 6 + PresentationDataValue.HeaderLength;

    private readonly PduChannel _channel;
    private readonly byte _contextId;
    private readonly bool _command;
    private readonly TimeSpan _timeout;
    private readonly int _capacity;
    private byte[]? _buffer;
    private int _fill;
    private long _written;

    /// <param name="maxPduLength">The peer's maximum PDU length (the P-DATA-TF variable field), already capped by us.</param>
    public PDataWriteStream(PduChannel channel, byte contextId, bool command, uint maxPduLength, TimeSpan timeout)
    {
        _channel = channel;
        _contextId = contextId;
        _command = command;
        _timeout = timeout;
        _capacity = (int)maxPduLength - PresentationDataValue.HeaderLength;
        _buffer = ArrayPool<byte>.Shared.Rent(DataOffset + _capacity);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var b = Buffer;
        while (!buffer.IsEmpty)
        {
            if (_fill == _capacity)
            {
                // More data follows, so this fragment is not the last.
                _channel.Write(Frame(b, last: false));
                _fill = 0;
            }
            var n = Math.Min(buffer.Length, _capacity - _fill);
            buffer[..n].CopyTo(b.AsSpan(DataOffset + _fill));
            _fill += n;
            _written += n;
            buffer = buffer[n..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var b = Buffer;
        while (!buffer.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_fill == _capacity)
            {
                await _channel.WriteAsync(FrameMemory(b, last: false), _timeout).ConfigureAwait(false);
                _fill = 0;
            }
            var n = Math.Min(buffer.Length, _capacity - _fill);
            buffer.Span[..n].CopyTo(b.AsSpan(DataOffset + _fill));
            _fill += n;
            _written += n;
            buffer = buffer[n..];
        }
    }

    /// <summary>
    /// Sends what is buffered as the last fragment. A data set of odd length (a malformed source with an odd value
    /// length) gets one zero byte of padding: peers such as DCMTK refuse odd fragments outright.
    /// </summary>
    public async ValueTask CompleteAsync()
    {
        if ((_written & 1) == 1)
        {
            await WriteAsync(new byte[1]).ConfigureAwait(false);
        }
        var b = Buffer;
        await _channel.WriteAsync(FrameMemory(b, last: true), _timeout).ConfigureAwait(false);
        _fill = 0;
    }

    /// <summary>Fragments leave when full or on completion; flushing early would only make small PDUs.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PDataWriteStream));

    private ReadOnlySpan<byte> Frame(byte[] b, bool last) => FrameMemory(b, last).Span;

    private ReadOnlyMemory<byte> FrameMemory(byte[] b, bool last)
    {
        var pdvLength = _fill + 2;
        b[0] = (byte)PduType.DataTransfer;
        b[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(2), (uint)(pdvLength + 4));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(6), (uint)pdvLength);
        b[10] = _contextId;
        b[11] = (byte)((_command ? 1 : 0) | (last ? 2 : 0));
        return b.AsMemory(0, DataOffset + _fill);
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } b)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
        base.Dispose(disposing);
    }
}
