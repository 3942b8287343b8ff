using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>
/// Sends DIMSE messages: the command set as one or more command PDVs, then the data set cut into PDVs as large as
/// the peer accepts. A message is sent whole before another starts, so concurrent senders (a C-GET streaming
/// sub-operations, a C-FIND answering) never interleave fragments.
/// </summary>
internal sealed class DimseSender(PduChannel channel, uint maxPduLength, TimeSpan timeout)
{
    private readonly SemaphoreSlim _messageLock = new(1, 1);

    /// <summary>The P-DATA-TF length we send: the peer's maximum, or our own cap when it set none.</summary>
    public uint MaxPduLength { get; } = maxPduLength;

    public async ValueTask SendAsync(byte contextId, DicomCommand command, CancellationToken cancellationToken)
    {
        await _messageLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendCommandAsync(contextId, command).ConfigureAwait(false);
        }
        finally
        {
            _messageLock.Release();
        }
    }

    /// <summary>A message with a small in-memory data set (identifiers, responses).</summary>
    public ValueTask SendAsync(byte contextId, DicomCommand command, DicomDataset dataSet, TransferSyntax syntax, CancellationToken cancellationToken)
    {
        var bytes = DicomFile.EncodeDataset(dataSet, syntax);
        return SendAsync(contextId, command, async s => await s.WriteAsync(bytes, cancellationToken).ConfigureAwait(false), cancellationToken);
    }

    /// <summary>A message whose data set <paramref name="writeDataSet"/> streams into the PDV writer.</summary>
    public async ValueTask SendAsync(byte contextId, DicomCommand command, Func<Stream, ValueTask> writeDataSet, CancellationToken cancellationToken)
    {
        await _messageLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendCommandAsync(contextId, command).ConfigureAwait(false);
            await using var data = new PDataWriteStream(channel, contextId, command: false, MaxPduLength, timeout);
            try
            {
                await writeDataSet(data).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not (DicomNetworkException or OperationCanceledException))
            {
                // The command is out and DICOM has no way to withdraw a half-sent data set.
                throw new DicomNetworkException("Producing the data set failed after its command was sent: " + ex.Message, ex);
            }
            await data.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _messageLock.Release();
        }
    }

    private async ValueTask SendCommandAsync(byte contextId, DicomCommand command)
    {
        var bytes = command.Encode();
        if (bytes.Length + PresentationDataValue.HeaderLength <= MaxPduLength)
        {
            await channel.WriteAsync(PduEncoder.DataTransfer(new PresentationDataValue(contextId, true, true, bytes)), timeout).ConfigureAwait(false);
            return;
        }
        await using var stream = new PDataWriteStream(channel, contextId, command: true, MaxPduLength, timeout);
        await stream.WriteAsync(bytes).ConfigureAwait(false);
        await stream.CompleteAsync().ConfigureAwait(false);
    }
}
