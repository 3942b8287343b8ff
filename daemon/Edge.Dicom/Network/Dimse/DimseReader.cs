using System.Buffers;
using System.Buffers.Binary;

namespace Edge.Dicom.Network;

/// <summary>What came off the association: a complete command, a release request or response, or the end of the connection.</summary>
internal enum InboundKind
{
    Command,
    ReleaseRequest,
    ReleaseResponse,
    Closed,
}

internal readonly record struct Inbound(InboundKind Kind, PresentationContext? Context = null, DicomCommand? Command = null);

/// <summary>
/// Reassembles DIMSE messages from P-DATA-TF PDUs (PS3.8 Annex E, PS3.7 8.1): command fragments into a small
/// reused buffer, data set fragments straight into the destination the caller gives, one slice of the PDU buffer
/// at a time. Violations of the fragment rules are <see cref="PduException"/>s, which abort the association.
/// </summary>
internal sealed class DimseReader(PduChannel channel, AssociationInfo association)
{
    /// <summary>Largest command set accepted; real ones are a few hundred bytes.</summary>
    public const int MaxCommandLength = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _command = new(512);
    private ReadOnlyMemory<byte> _pdvs;
    private PresentationContext? _context;

    /// <summary>
    /// Reads the next command. <paramref name="timeout"/> bounds each PDU read; null means the caller armed the
    /// channel's deadline itself.
    /// </summary>
    public async ValueTask<Inbound> ReadCommandAsync(TimeSpan? timeout)
    {
        _command.ResetWrittenCount();
        _context = null;
        while (true)
        {
            if (!TryTakePdv(out var pcid, out var control, out var data))
            {
                if (await FetchAsync(timeout, inMessage: _context is not null).ConfigureAwait(false) is { } kind)
                {
                    return new Inbound(kind);
                }
                continue;
            }
            var context = Context(pcid);
            if ((control & 1) == 0)
            {
                throw new PduException($"A data set fragment on context {pcid} arrived where a command was expected", AbortReason.UnexpectedPduParameter);
            }
            if (_context is not null && _context.Id != pcid)
            {
                throw new PduException($"Command fragments on contexts {_context.Id} and {pcid} are interleaved", AbortReason.UnexpectedPduParameter);
            }
            _context = context;
            if (_command.WrittenCount + data.Length > MaxCommandLength)
            {
                throw new PduException($"Command set longer than {MaxCommandLength} bytes", AbortReason.InvalidPduParameterValue);
            }
            _command.Write(data.Span);
            if ((control & 2) != 0)
            {
                return new Inbound(InboundKind.Command, context, DicomCommand.Decode(_command.WrittenMemory));
            }
        }
    }

    /// <summary>
    /// Copies the data set that follows the last command into <paramref name="destination"/> (null drops it). A
    /// failing destination does not end the association: its exception is returned and the rest is drained.
    /// </summary>
    public async ValueTask<Exception?> ReadDataSetAsync(Stream? destination, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Exception? destinationError = null;
        while (true)
        {
            if (!TryTakePdv(out var pcid, out var control, out var data))
            {
                await FetchAsync(timeout, inMessage: true).ConfigureAwait(false);
                continue;
            }
            CheckDataFragment(pcid, control);
            if (destination is not null && destinationError is null)
            {
                try
                {
                    await destination.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    destinationError = ex;
                }
            }
            if ((control & 2) != 0)
            {
                return destinationError;
            }
        }
    }

    /// <summary>Reads a small data set (an identifier) into memory; null when it exceeds <paramref name="maxLength"/> (the rest is drained).</summary>
    public async ValueTask<byte[]?> ReadDataSetToMemoryAsync(int maxLength, TimeSpan timeout)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var tooLong = false;
        while (true)
        {
            if (!TryTakePdv(out var pcid, out var control, out var data))
            {
                await FetchAsync(timeout, inMessage: true).ConfigureAwait(false);
                continue;
            }
            CheckDataFragment(pcid, control);
            if (!tooLong && buffer.WrittenCount + data.Length <= maxLength)
            {
                buffer.Write(data.Span);
            }
            else
            {
                tooLong = true;
            }
            if ((control & 2) != 0)
            {
                return tooLong ? null : buffer.WrittenSpan.ToArray();
            }
        }
    }

    private void CheckDataFragment(byte pcid, byte control)
    {
        if ((control & 1) != 0)
        {
            throw new PduException($"A command fragment on context {pcid} arrived inside a data set", AbortReason.UnexpectedPduParameter);
        }
        if (_context is null || pcid != _context.Id)
        {
            throw new PduException($"A data set fragment on context {pcid} does not belong to the command on context {_context?.Id}", AbortReason.UnexpectedPduParameter);
        }
    }

    private PresentationContext Context(byte pcid)
    {
        var pc = association.FindContext(pcid);
        if (pc is null || !pc.IsAccepted)
        {
            throw new PduException($"A PDV uses presentation context {pcid}, which was not accepted", AbortReason.UnexpectedPduParameter);
        }
        return pc;
    }

    private bool TryTakePdv(out byte pcid, out byte control, out ReadOnlyMemory<byte> data)
    {
        if (_pdvs.IsEmpty)
        {
            pcid = control = 0;
            data = default;
            return false;
        }
        var span = _pdvs.Span;
        if (span.Length < PresentationDataValue.HeaderLength)
        {
            throw new PduException($"P-DATA-TF ends with {span.Length} bytes, too few for a PDV item", AbortReason.InvalidPduParameterValue);
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(span);
        if (length < 2 || length > span.Length - 4)
        {
            throw new PduException($"PDV item length {length} does not fit the {span.Length - 4} bytes left in the P-DATA-TF", AbortReason.InvalidPduParameterValue);
        }
        pcid = span[4];
        control = span[5];
        data = _pdvs.Slice(PresentationDataValue.HeaderLength, (int)length - 2);
        _pdvs = _pdvs[(4 + (int)length)..];
        return true;
    }

    /// <summary>Reads the next PDU: P-DATA-TF fills the PDV queue (null returned); a release PDU is returned as its kind.</summary>
    private async ValueTask<InboundKind?> FetchAsync(TimeSpan? timeout, bool inMessage)
    {
        var pdu = timeout is { } t
            ? await channel.ReadAsync(t).ConfigureAwait(false)
            : await channel.ReadArmedAsync().ConfigureAwait(false);
        if (pdu is not { } p)
        {
            if (inMessage)
            {
                throw new ConnectionClosedException("The peer closed the connection in the middle of a message");
            }
            return InboundKind.Closed;
        }
        switch (p.Type)
        {
            case PduType.DataTransfer:
                if (p.Body.Length == 0)
                {
                    throw new PduException("P-DATA-TF without any PDV item", AbortReason.InvalidPduParameterValue);
                }
                _pdvs = p.Body;
                return null;
            case PduType.ReleaseRequest or PduType.ReleaseResponse when !inMessage:
                PduDecoder.DecodeRelease(p.Body.Span, p.Type);
                return p.Type == PduType.ReleaseRequest ? InboundKind.ReleaseRequest : InboundKind.ReleaseResponse;
            case PduType.Abort:
                throw new AssociationAbortedException(PduDecoder.DecodeAbort(p.Body.Span));
            default:
                throw new PduException($"Unexpected {p.Type} PDU {(inMessage ? "in the middle of a message" : "on an established association")}", AbortReason.UnexpectedPdu);
        }
    }
}
