using System.Runtime.CompilerServices;
using Edge.Dicom.Data;
using Microsoft.Extensions.Logging;

namespace Edge.Dicom.Network;

/// <summary>
/// An association we requested. Operations run one at a time (we propose no asynchronous window). A network failure
/// during an operation aborts the association and is rethrown; after that every operation throws.
/// </summary>
public sealed class DicomClientAssociation : IAsyncDisposable
{
    private readonly PduChannel _channel;
    private readonly CancellationTokenSource _lifetime;
    private readonly DimseReader _reader;
    private readonly DimseSender _sender;
    private readonly DicomClientOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _operationLock = new(1, 1);
    private int _nextMessageId;
    private volatile bool _open = true;
    private int _closed;

    internal DicomClientAssociation(PduChannel channel, CancellationTokenSource lifetime, AssociationInfo association, uint sendLength,
        DicomClientOptions options, ILogger logger)
    {
        _channel = channel;
        _lifetime = lifetime;
        Association = association;
        _options = options;
        _logger = logger;
        _reader = new DimseReader(channel, association);
        _sender = new DimseSender(channel, sendLength, options.DimseTimeout);
    }

    public AssociationInfo Association { get; }

    /// <summary>False once released, aborted or broken.</summary>
    public bool IsOpen => _open;

    /// <summary>C-ECHO. Cancelling aborts the association.</summary>
    public Task<DimseResult> EchoAsync(CancellationToken cancellationToken = default)
    {
        var context = RequireContext(DicomServiceUids.Verification);
        return RunUnaryAsync(async () =>
        {
            var id = NextMessageId();
            await _sender.SendAsync(context.Id, DicomCommand.Request(CommandField.CEchoRequest, id, DicomServiceUids.Verification, hasDataSet: false), _lifetime.Token).ConfigureAwait(false);
            return (await ReadResponseAsync(id, null, null).ConfigureAwait(false)).Command.Result;
        }, cancellationToken);
    }

    /// <summary>C-STORE of a file, streamed from disk. Cancelling aborts the association.</summary>
    /// <exception cref="NoPresentationContextException">No accepted context can carry the file.</exception>
    public Task<DimseResult> StoreAsync(string path, CancellationToken cancellationToken = default) =>
        StoreAsync(InstanceFile.Open(path), null, cancellationToken);

    /// <summary>C-STORE of a file, as a C-MOVE sub-operation when <paramref name="originator"/> is given.</summary>
    public Task<DimseResult> StoreAsync(InstanceFile file, MoveOriginator? originator, CancellationToken cancellationToken = default)
    {
        var context = StoreTransfer.ChooseContext(Association, file.SopClassUid, file.TransferSyntax)
            ?? throw new NoPresentationContextException(file.SopClassUid, file.TransferSyntax);
        return RunUnaryAsync(async () =>
        {
            var id = NextMessageId();
            var command = StoreTransfer.Command(id, file.SopClassUid, file.SopInstanceUid, originator);
            await StoreTransfer.SendAsync(_sender, context, command, file, _lifetime.Token).ConfigureAwait(false);
            return (await ReadResponseAsync(id, null, null).ConfigureAwait(false)).Command.Result;
        }, cancellationToken);
    }

    /// <summary>C-STORE of an object held by the caller (for example a de-identified one), encoded as it is sent.</summary>
    public Task<DimseResult> StoreAsync(DicomFile file, CancellationToken cancellationToken = default)
    {
        var sopClass = file.Dataset.GetString(DicomTags.SOPClassUID) ?? file.FileMeta.GetString(DicomTags.MediaStorageSOPClassUID) ?? "";
        var sopInstance = file.Dataset.GetString(DicomTags.SOPInstanceUID) ?? file.FileMeta.GetString(DicomTags.MediaStorageSOPInstanceUID) ?? "";
        var context = StoreTransfer.ChooseContext(Association, sopClass, file.TransferSyntax)
            ?? throw new NoPresentationContextException(sopClass, file.TransferSyntax);
        return RunUnaryAsync(async () =>
        {
            var id = NextMessageId();
            var command = StoreTransfer.Command(id, sopClass, sopInstance, originator: null);
            await StoreTransfer.SendAsync(_sender, context, command, file, _lifetime.Token).ConfigureAwait(false);
            return (await ReadResponseAsync(id, null, null).ConfigureAwait(false)).Command.Result;
        }, cancellationToken);
    }

    /// <summary>
    /// C-FIND: yields every response, the pending ones with their identifier and the final one last. Cancelling the
    /// token sends a C-CANCEL-RQ; the sequence then ends with the peer's final response (normally Cancel). Leaving
    /// the loop early cancels the same way before the association is used again.
    /// </summary>
    public async IAsyncEnumerable<CFindResponse> FindAsync(string sopClassUid, DicomDataset identifier,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var context = RequireContext(sopClassUid);
        var command = DicomCommand.Request(CommandField.CFindRequest, NextMessageId(), sopClassUid, hasDataSet: true);
        command.SetUInt16(CommandTags.Priority, (ushort)DimsePriority.Medium);
        await foreach (var (response, data) in RunStreamingAsync(context, command, identifier, null, cancellationToken).ConfigureAwait(false))
        {
            yield return new CFindResponse(response.Status, data, response.ErrorComment);
        }
    }

    /// <summary>C-MOVE: asks the peer to send the matches to <paramref name="destinationAeTitle"/>; yields its progress responses. Cancellation as for <see cref="FindAsync"/>.</summary>
    public async IAsyncEnumerable<RetrieveResponse> MoveAsync(string sopClassUid, string destinationAeTitle, DicomDataset identifier,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var context = RequireContext(sopClassUid);
        var command = DicomCommand.Request(CommandField.CMoveRequest, NextMessageId(), sopClassUid, hasDataSet: true);
        command.SetUInt16(CommandTags.Priority, (ushort)DimsePriority.Medium);
        command.SetText(CommandTags.MoveDestination, DicomVR.AE, destinationAeTitle);
        await foreach (var (response, data) in RunStreamingAsync(context, command, identifier, null, cancellationToken).ConfigureAwait(false))
        {
            yield return ToRetrieveResponse(response, data);
        }
    }

    /// <summary>
    /// C-GET: the peer sends the matches as C-STORE sub-operations on this association, which <paramref name="storeProvider"/>
    /// receives; the storage contexts must have been proposed with <c>ScpRole = true</c>. Yields the progress responses.
    /// </summary>
    public async IAsyncEnumerable<RetrieveResponse> GetAsync(string sopClassUid, DicomDataset identifier, ICStoreProvider storeProvider,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var context = RequireContext(sopClassUid);
        var command = DicomCommand.Request(CommandField.CGetRequest, NextMessageId(), sopClassUid, hasDataSet: true);
        command.SetUInt16(CommandTags.Priority, (ushort)DimsePriority.Medium);
        await foreach (var (response, data) in RunStreamingAsync(context, command, identifier, storeProvider, cancellationToken).ConfigureAwait(false))
        {
            yield return ToRetrieveResponse(response, data);
        }
    }

    /// <summary>
    /// Releases the association (A-RELEASE) and closes it. Network failures while releasing are logged, not thrown:
    /// the association is closed either way.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        await _operationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_open)
            {
                return;
            }
            _open = false;
            try
            {
                await _channel.WriteAsync(PduEncoder.ReleaseRequest(), _options.ArtimTimeout).ConfigureAwait(false);
                while (true)
                {
                    var inbound = await _reader.ReadCommandAsync(_options.ArtimTimeout).ConfigureAwait(false);
                    if (inbound.Kind != InboundKind.Command)
                    {
                        break;
                    }
                    // A message that crossed our release request: drop it.
                    if (inbound.Command!.HasDataSet)
                    {
                        await _reader.ReadDataSetAsync(null, _options.ArtimTimeout, _lifetime.Token).ConfigureAwait(false);
                    }
                }
                NetworkLog.ClientReleased(_logger, Association.CalledAeTitle);
            }
            catch (DicomNetworkException ex)
            {
                NetworkLog.ClientFailed(_logger, Association.CalledAeTitle, ex.Message);
                if (DimseErrors.ToAbort(ex) is { } abort)
                {
                    await _channel.TrySendAbortAsync(abort.Source, abort.Reason, _options.ArtimTimeout).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _operationLock.Release();
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Aborts the association (A-ABORT) and closes it at once.</summary>
    public async Task AbortAsync()
    {
        if (_open)
        {
            _open = false;
            await _lifetime.CancelAsync().ConfigureAwait(false);
            await _channel.TrySendAbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified, _options.ArtimTimeout).ConfigureAwait(false);
        }
        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Releases the association if it is still open, then frees it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_open)
        {
            await ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        await CloseAsync().ConfigureAwait(false);
    }

    // ---- Operation plumbing ------------------------------------------------------------------------------------

    private PresentationContext RequireContext(string sopClassUid) =>
        Association.AcceptedContexts(sopClassUid).FirstOrDefault() ?? throw new NoPresentationContextException(sopClassUid, null);

    private ushort NextMessageId()
    {
        var id = (ushort)Interlocked.Increment(ref _nextMessageId);
        return id == 0 ? (ushort)Interlocked.Increment(ref _nextMessageId) : id;
    }

    /// <summary>Runs a request/response operation; cancelling aborts, since DICOM cannot withdraw one midway.</summary>
    private async Task<T> RunUnaryAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        await _operationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureOpen();
            using var abortOnCancel = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _lifetime);
            return await GuardAsync(operation).ConfigureAwait(false);
        }
        finally
        {
            _operationLock.Release();
        }
    }

    /// <summary>
    /// Sends a C-FIND/C-GET/C-MOVE request and yields its responses (with their decoded data sets) up to the final
    /// one, taking C-STORE sub-operations meanwhile when <paramref name="storeProvider"/> is given.
    /// </summary>
    private async IAsyncEnumerable<(DicomCommand Response, DicomDataset? DataSet)> RunStreamingAsync(PresentationContext context,
        DicomCommand request, DicomDataset identifier, ICStoreProvider? storeProvider, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _operationLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        var finished = false;
        using var cancel = new CancelRequest(cancellationToken, context.Id);
        try
        {
            EnsureOpen();
            await GuardAsync(async () =>
            {
                await _sender.SendAsync(context.Id, request, identifier, context.TransferSyntax!, _lifetime.Token).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
            while (!finished)
            {
                var (response, responseContext) = await GuardAsync(() => ReadResponseAsync(request.MessageId, cancel, storeProvider)).ConfigureAwait(false);
                var data = response.HasDataSet ? await GuardAsync(() => ReadDataSetAsync(responseContext)).ConfigureAwait(false) : null;
                finished = !response.Status.IsPending;
                yield return (response, data);
            }
        }
        finally
        {
            if (!finished && _open)
            {
                await AbandonAsync(request.MessageId, cancel, storeProvider).ConfigureAwait(false);
            }
            _operationLock.Release();
        }
    }

    /// <summary>The caller left a streaming operation early: cancel it and read up to its final response.</summary>
    private async Task AbandonAsync(ushort messageId, CancelRequest cancel, ICStoreProvider? storeProvider)
    {
        try
        {
            await GuardAsync(async () =>
            {
                if (!cancel.Sent)
                {
                    cancel.Sent = true;
                    await _sender.SendAsync(cancel.ContextId, DicomCommand.Cancel(messageId), _lifetime.Token).ConfigureAwait(false);
                }
                while (true)
                {
                    var (response, responseContext) = await ReadResponseAsync(messageId, cancel, storeProvider).ConfigureAwait(false);
                    if (response.HasDataSet)
                    {
                        await ReadDataSetAsync(responseContext).ConfigureAwait(false);
                    }
                    if (!response.Status.IsPending)
                    {
                        return true;
                    }
                }
            }).ConfigureAwait(false);
        }
        catch (DicomNetworkException)
        {
            // Already aborted by the guard; leaving the loop must not throw.
        }
    }

    /// <summary>
    /// Reads until the response to <paramref name="messageId"/> arrives, serving C-STORE sub-operations and sending a
    /// C-CANCEL-RQ as soon as <paramref name="cancel"/> fires.
    /// </summary>
    private async Task<(DicomCommand Command, PresentationContext Context)> ReadResponseAsync(ushort messageId, CancelRequest? cancel, ICStoreProvider? storeProvider)
    {
        while (true)
        {
            var read = _reader.ReadCommandAsync(_options.DimseTimeout).AsTask();
            if (cancel is { Sent: false } && await Task.WhenAny(read, cancel.Signal).ConfigureAwait(false) != read)
            {
                cancel.Sent = true;
                try
                {
                    await _sender.SendAsync(cancel.ContextId, DicomCommand.Cancel(messageId), _lifetime.Token).ConfigureAwait(false);
                }
                catch
                {
                    // Let the pending read end before the channel is torn down.
                    await _lifetime.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAny(read).ConfigureAwait(false);
                    throw;
                }
            }
            var inbound = await read.ConfigureAwait(false);
            switch (inbound.Kind)
            {
                case InboundKind.Closed:
                    throw new ConnectionClosedException("The peer closed the connection while a response was awaited");
                case InboundKind.ReleaseRequest or InboundKind.ReleaseResponse:
                    throw new PduException("Release PDU while a response was awaited", AbortReason.UnexpectedPdu);
            }
            var command = inbound.Command!;
            if (command.IsResponse && command.MessageIdBeingRespondedTo == messageId)
            {
                return (command, inbound.Context!);
            }
            if (command.Field == CommandField.CStoreRequest)
            {
                var request = new CStoreRequest(Association, inbound.Context!, command);
                var result = await StoreReceiver.ReceiveAsync(_reader, request, storeProvider, _options.DimseTimeout, _logger, _lifetime.Token).ConfigureAwait(false);
                await _sender.SendAsync(inbound.Context!.Id, DicomCommand.Response(command, result), _lifetime.Token).ConfigureAwait(false);
                continue;
            }
            if (command.HasDataSet)
            {
                await _reader.ReadDataSetAsync(null, _options.DimseTimeout, _lifetime.Token).ConfigureAwait(false);
            }
            if (!command.IsResponse)
            {
                await _sender.SendAsync(inbound.Context!.Id, DicomCommand.Response(command, new DimseResult(DicomStatus.UnrecognizedOperation)), _lifetime.Token).ConfigureAwait(false);
                continue;
            }
            NetworkLog.UnexpectedMessage(_logger, command.ToString(), Association.RemoteEndPoint);
        }
    }

    /// <summary>A response's data set, decoded; null when it is too large or cannot be decoded (the association goes on).</summary>
    private async Task<DicomDataset?> ReadDataSetAsync(PresentationContext context)
    {
        var bytes = await _reader.ReadDataSetToMemoryAsync(_options.MaxIdentifierLength, _options.DimseTimeout).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return DicomFile.DecodeDataset(bytes, context.TransferSyntax!);
        }
        catch (DicomException)
        {
            return null;
        }
    }

    private static RetrieveResponse ToRetrieveResponse(DicomCommand response, DicomDataset? data)
    {
        IReadOnlyList<string>? failed = null;
        if (data?.Get(CommandTags.FailedSopInstanceUidList) is DicomValueElement list)
        {
            failed = PduText.Uid(list.GetBytes().Span).Split('\\', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        return new RetrieveResponse(response.Status, response.Remaining, response.Completed, response.Failed, response.Warning, response.ErrorComment, failed);
    }

    private void EnsureOpen()
    {
        if (!_open)
        {
            throw new DicomNetworkException($"The association with {Association.CalledAeTitle} is no longer open");
        }
    }

    /// <summary>Runs a step on the wire; if the association breaks, aborts and closes it before rethrowing.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DicomNetworkException || (ex is OperationCanceledException && _lifetime.IsCancellationRequested))
        {
            await FailAsync(ex).ConfigureAwait(false);
            throw;
        }
    }

    private async Task FailAsync(Exception ex)
    {
        if (!_open)
        {
            return;
        }
        _open = false;
        NetworkLog.ClientFailed(_logger, Association.CalledAeTitle, ex.Message);
        if (DimseErrors.ToAbort(ex) is { } abort)
        {
            await _channel.TrySendAbortAsync(abort.Source, abort.Reason, _options.ArtimTimeout).ConfigureAwait(false);
        }
        await CloseAsync().ConfigureAwait(false);
    }

    private async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _open = false;
            // Cancelled rather than disposed: a caller's cancellation callback may still fire on it.
            await _lifetime.CancelAsync().ConfigureAwait(false);
            await _channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Turns a caller's cancellation into a one-time signal to send C-CANCEL-RQ.</summary>
    private sealed class CancelRequest : IDisposable
    {
        private readonly TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _registration;

        public CancelRequest(CancellationToken token, byte contextId)
        {
            ContextId = contextId;
            _registration = token.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), _signal);
        }

        /// <summary>The context of the request, on which the C-CANCEL-RQ goes.</summary>
        public byte ContextId { get; }

        public Task Signal => _signal.Task;

        public bool Sent { get; set; }

        public void Dispose() => _registration.Dispose();
    }
}
