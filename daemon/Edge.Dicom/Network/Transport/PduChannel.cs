using System.Buffers;
using System.Buffers.Binary;

namespace Edge.Dicom.Network;

/// <summary>A whole PDU as read: its type and its body, valid until the next read on the same channel.</summary>
internal readonly record struct RawPdu(PduType Type, ReadOnlyMemory<byte> Body);

/// <summary>
/// Reads and writes whole PDUs on a connection. Reads go through one pooled buffer sized for the largest PDU we
/// accept, so a P-DATA-TF is handed out as a slice of it without copying; a header announcing more than we accept is
/// refused before anything is allocated. Writes are serialised so PDUs from concurrent senders never interleave.
/// Every read and write runs under a deadline; a missed deadline is a <see cref="DicomNetworkTimeoutException"/>.
/// </summary>
internal sealed class PduChannel : IAsyncDisposable
{
    /// <summary>Largest A-ASSOCIATE-RQ/AC we read: room for 128 contexts with many syntaxes and a user identity.</summary>
    public const int MaxAssociatePduLength = 128 * 1024;

    private const int HeaderLength = 6;

    private readonly Stream _stream;
    private readonly CancellationToken _lifetime;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _timerGate = new();
    private readonly uint _maxDataPduLength;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private int _consumed;
    private int _readsInFlight;
    private CancellationTokenSource _readTimer;
    private readonly CancellationTokenSource _writeTimer;

    /// <param name="stream">The connection; owned and disposed by the channel.</param>
    /// <param name="maxDataPduLength">The maximum length we announced: the largest P-DATA-TF the peer may send us.</param>
    /// <param name="lifetime">Cancelled when the association must end at once (server stop, caller abort).</param>
    public PduChannel(Stream stream, uint maxDataPduLength, CancellationToken lifetime)
    {
        _stream = stream;
        _maxDataPduLength = maxDataPduLength;
        _lifetime = lifetime;
        _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(maxDataPduLength, MaxAssociatePduLength) + HeaderLength);
        _readTimer = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        _writeTimer = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
    }

    /// <summary>Starts (or restarts) the deadline of the reads that follow; may be called from another thread.</summary>
    public void ArmReadTimeout(TimeSpan timeout)
    {
        lock (_timerGate)
        {
            if (_readTimer.IsCancellationRequested && !_lifetime.IsCancellationRequested)
            {
                // Fired while nobody was reading (a long local step): the next read gets a fresh deadline.
                _readTimer.Dispose();
                _readTimer = CancellationTokenSource.CreateLinkedTokenSource(_lifetime);
            }
            _readTimer.CancelAfter(timeout);
        }
    }

    /// <summary>Reads the next PDU within <paramref name="timeout"/>; null when the peer closed the connection cleanly between PDUs.</summary>
    public ValueTask<RawPdu?> ReadAsync(TimeSpan timeout)
    {
        ArmReadTimeout(timeout);
        return ReadArmedAsync();
    }

    /// <summary>Reads the next PDU under the deadline set by <see cref="ArmReadTimeout"/>.</summary>
    public async ValueTask<RawPdu?> ReadArmedAsync()
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PduChannel));
        CancellationToken token;
        lock (_timerGate)
        {
            token = _readTimer.Token;
        }
        _start += _consumed;
        _consumed = 0;
        if (_start == _end)
        {
            _start = _end = 0;
        }
        Interlocked.Increment(ref _readsInFlight);
        try
        {
            if (!await FillAsync(buffer, HeaderLength, token).ConfigureAwait(false))
            {
                if (_end == _start)
                {
                    return null;
                }
                throw new ConnectionClosedException("The peer closed the connection in the middle of a PDU header");
            }
            var type = buffer[_start];
            var length = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(_start + 2));
            if (type is < (byte)PduType.AssociateRequest or > (byte)PduType.Abort)
            {
                throw new PduException($"Unrecognised PDU type 0x{type:X2}", AbortReason.UnrecognizedPdu);
            }
            var limit = type == (byte)PduType.DataTransfer ? _maxDataPduLength : MaxAssociatePduLength;
            if (length > limit)
            {
                throw new PduException($"{(PduType)type} PDU announces {length} bytes, more than the {limit} accepted", AbortReason.InvalidPduParameterValue);
            }
            var total = HeaderLength + (int)length;
            if (!await FillAsync(buffer, total, token).ConfigureAwait(false))
            {
                throw new ConnectionClosedException($"The peer closed the connection in the middle of a {(PduType)type} PDU");
            }
            _consumed = total;
            return new RawPdu((PduType)type, buffer.AsMemory(_start + HeaderLength, (int)length));
        }
        catch (OperationCanceledException) when (!_lifetime.IsCancellationRequested)
        {
            throw new DicomNetworkTimeoutException("No data from the peer within the time allowed");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            throw new ConnectionClosedException("Connection lost while reading: " + ex.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _readsInFlight);
        }
    }

    private async ValueTask<bool> FillAsync(byte[] buffer, int needed, CancellationToken token)
    {
        while (_end - _start < needed)
        {
            if (_start + needed > buffer.Length)
            {
                Buffer.BlockCopy(buffer, _start, buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            var n = await _stream.ReadAsync(buffer.AsMemory(_end, buffer.Length - _end), token).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }
            _end += n;
        }
        return true;
    }

    /// <summary>Writes one whole PDU.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> pdu, TimeSpan timeout)
    {
        await _writeLock.WaitAsync(_lifetime).ConfigureAwait(false);
        try
        {
            _writeTimer.CancelAfter(timeout);
            await _stream.WriteAsync(pdu, _writeTimer.Token).ConfigureAwait(false);
            _writeTimer.TryReset();
        }
        catch (OperationCanceledException) when (!_lifetime.IsCancellationRequested)
        {
            throw new DicomNetworkTimeoutException("The peer did not take our data within the time allowed");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            throw new ConnectionClosedException("Connection lost while writing: " + ex.Message);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Writes one whole PDU synchronously, for data produced by synchronous encoders; the socket's send timeout
    /// bounds it.
    /// </summary>
    public void Write(ReadOnlySpan<byte> pdu)
    {
        _writeLock.Wait(_lifetime);
        try
        {
            _stream.Write(pdu);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            throw new ConnectionClosedException("Connection lost while writing: " + ex.Message);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Sends an A-ABORT if the connection still takes it, even after the lifetime was cancelled; failures are
    /// ignored since the association ends anyway.
    /// </summary>
    public async ValueTask TrySendAbortAsync(AbortSource source, AbortReason reason, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _writeLock.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A writer is stuck on a peer that does not read: nothing more can reach it.
            return;
        }
        try
        {
            await _stream.WriteAsync(PduEncoder.Encode(new AssociateAbort(source, reason)), deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer is gone or not reading.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// After a reject, release response or abort, waits (ARTIM) for the peer to close the connection, discarding
    /// whatever it still sends (PS3.8 state Sta13), so that closing does not reset a connection whose last PDU the
    /// peer has not read yet.
    /// </summary>
    public async ValueTask WaitForPeerCloseAsync(TimeSpan artim, CancellationToken cancellationToken)
    {
        if (_buffer is not { } buffer)
        {
            return;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(artim);
        Interlocked.Increment(ref _readsInFlight);
        try
        {
            while (await _stream.ReadAsync(buffer, deadline.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Whatever happens, we close next.
        }
        finally
        {
            Interlocked.Decrement(ref _readsInFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        lock (_timerGate)
        {
            _readTimer.Dispose();
        }
        _writeTimer.Dispose();
        // A read still winding down after an abort may yet write into the buffer: then leave it to the GC.
        if (Interlocked.Exchange(ref _buffer, null) is { } b && Volatile.Read(ref _readsInFlight) == 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}
