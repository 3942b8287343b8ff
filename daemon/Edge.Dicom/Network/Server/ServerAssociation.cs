using System.Net;
using System.Net.Sockets;
using Edge.Dicom.Data;
using Microsoft.Extensions.Logging;

namespace Edge.Dicom.Network;

/// <summary>
/// One connection accepted by the <see cref="DicomServer"/>, from the A-ASSOCIATE-RQ to the close. The read loop
/// is the only reader: it serves C-ECHO and C-STORE inline, and runs a C-FIND, C-GET or C-MOVE as a background
/// operation so that a C-CANCEL-RQ (or the C-STORE-RSPs of C-GET sub-operations) can still be read meanwhile.
/// </summary>
internal sealed partial class ServerAssociation
{
    private readonly DicomServerOptions _options;
    private readonly IAssociationAcceptor _acceptor;
    private readonly DicomClient _moveClient;
    private readonly AssociationLimiter _limiter;
    private readonly ILogger _logger;
    private readonly IPEndPoint? _remote;
    private readonly IPEndPoint? _local;
    private readonly CancellationToken _hardStop;
    private readonly CancellationTokenSource _lifetime;
    private readonly PduChannel _channel;
    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, TaskCompletionSource<DimseResult>> _pendingStores = [];
    private AssociationInfo? _info;
    private DimseReader? _reader;
    private DimseSender? _sender;
    private IDicomServiceProvider? _services;
    private Task? _operation;
    private CancellationTokenSource? _operationCancel;
    private ushort _operationMessageId;
    private Exception? _operationFailure;
    private int _nextMessageId;
    private bool _holdsSlot;

    public ServerAssociation(Socket socket, DicomServerOptions options, IAssociationAcceptor acceptor, DicomClient moveClient,
        AssociationLimiter limiter, ILogger logger, CancellationToken hardStop)
    {
        _options = options;
        _acceptor = acceptor;
        _moveClient = moveClient;
        _limiter = limiter;
        _logger = logger;
        _remote = socket.RemoteEndPoint as IPEndPoint;
        _local = socket.LocalEndPoint as IPEndPoint;
        _hardStop = hardStop;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        _channel = new PduChannel(new NetworkStream(socket, ownsSocket: true), options.MaxPduLength, _lifetime.Token);
    }

    private AssociationInfo Info => _info!;

    private DimseSender Sender => _sender!;

    /// <summary>Runs the association to its end. Never throws: every failure ends in a log line and a closed socket.</summary>
    public async Task RunAsync()
    {
        var end = AssociationEndReason.ConnectionLost;
        try
        {
            if (await NegotiateAsync().ConfigureAwait(false))
            {
                end = await ServeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            end = await FailAsync(ex).ConfigureAwait(false);
        }
        finally
        {
            await StopOperationAsync().ConfigureAwait(false);
            await EndServicesAsync(end).ConfigureAwait(false);
            if (_holdsSlot)
            {
                _limiter.Exit();
            }
            await _channel.DisposeAsync().ConfigureAwait(false);
            _lifetime.Dispose();
        }
    }

    // ---- Association establishment ----------------------------------------------------------------------------

    private async Task<bool> NegotiateAsync()
    {
        RawPdu? first;
        try
        {
            first = await _channel.ReadAsync(_options.ArtimTimeout).ConfigureAwait(false);
        }
        catch (DicomNetworkTimeoutException)
        {
            // ARTIM expired before any request: just close (PS3.8 action AA-2), there is nobody to abort.
            NetworkLog.TimedOut(_logger, _remote, "no association request within the ARTIM timeout");
            return false;
        }
        if (first is not { } pdu)
        {
            NetworkLog.ConnectionLost(_logger, _remote, "closed before any association request");
            return false;
        }
        if (pdu.Type != PduType.AssociateRequest)
        {
            throw new PduException($"{pdu.Type} PDU where an A-ASSOCIATE-RQ was expected", AbortReason.UnexpectedPdu);
        }
        var rq = PduDecoder.DecodeAssociateRequest(pdu.Body.Span);
        NetworkLog.AssociationRequested(_logger, rq.CallingAeTitle, rq.CalledAeTitle, _remote, rq.PresentationContexts.Count);

        var decision = await DecideAsync(rq).ConfigureAwait(false);
        if (!decision.IsAccepted)
        {
            var rejection = decision.Rejection ?? AssociateReject.NoReasonGiven;
            NetworkLog.AssociationRejected(_logger, rq.CallingAeTitle, rq.CalledAeTitle, _remote, rejection.Describe(), decision.RejectionReason ?? "");
            ReleaseSlot();
            await _channel.WriteAsync(PduEncoder.Encode(rejection), _options.ArtimTimeout).ConfigureAwait(false);
            await _channel.WaitForPeerCloseAsync(_options.ArtimTimeout, _hardStop).ConfigureAwait(false);
            return false;
        }

        _services = decision.Services;
        var ac = BuildAccept(rq, decision);
        await _channel.WriteAsync(PduEncoder.Encode(ac), _options.IdleTimeout).ConfigureAwait(false);
        _info = new AssociationInfo(rq, ac, _remote);
        _reader = new DimseReader(_channel, _info);
        _sender = new DimseSender(_channel, PduLimits.SendLength(rq.UserInformation.MaxPduLength, _options.MaxPduLength), _options.IdleTimeout);
        NetworkLog.AssociationAccepted(_logger, rq.CallingAeTitle, rq.CalledAeTitle, _remote,
            ac.PresentationContexts.Count(c => c.IsAccepted), rq.PresentationContexts.Count, rq.UserInformation.MaxPduLength);
        return true;
    }

    private async Task<AssociationDecision> DecideAsync(AssociateRequest rq)
    {
        if ((rq.ProtocolVersion & 1) == 0)
        {
            return AssociationDecision.Reject(AssociateReject.ProtocolVersionNotSupported, $"protocol version 0x{rq.ProtocolVersion:X4}");
        }
        if (rq.ApplicationContextName != AssociateRequest.DicomApplicationContext)
        {
            return AssociationDecision.Reject(AssociateReject.ApplicationContextNotSupported, "application context " + rq.ApplicationContextName);
        }
        if (rq.UserInformation.MaxPduLength is > 0 and < PduLimits.MinPeerMaximum)
        {
            return AssociationDecision.Reject(AssociateReject.NoReasonGiven, $"maximum PDU length {rq.UserInformation.MaxPduLength} is too small");
        }
        if (!_limiter.TryEnter())
        {
            return AssociationDecision.Reject(AssociateReject.LocalLimitExceeded, $"{_limiter.Maximum} associations already running");
        }
        _holdsSlot = true;
        try
        {
            return await _acceptor.OnAssociationRequestAsync(new AssociationRequestInfo(rq, _remote, _local), _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            NetworkLog.AcceptorFailed(_logger, ex, rq.CallingAeTitle, rq.CalledAeTitle);
            return AssociationDecision.Reject(AssociateReject.NoReasonGiven, "the acceptor failed");
        }
    }

    private void ReleaseSlot()
    {
        if (_holdsSlot)
        {
            _holdsSlot = false;
            _limiter.Exit();
        }
    }

    private AssociateAccept BuildAccept(AssociateRequest rq, AssociationDecision decision)
    {
        var answers = new Dictionary<byte, PresentationContextResult>();
        foreach (var c in decision.Contexts)
        {
            answers.TryAdd(c.Id, c);
        }
        var results = rq.PresentationContexts.Select(pc =>
        {
            if (!answers.TryGetValue(pc.Id, out var answer))
            {
                return new PresentationContextResult(pc.Id, PresentationContextResultReason.NoReason, pc.TransferSyntaxes[0]);
            }
            // An acceptor may only pick one of the proposed syntaxes (PS3.8 9.3.3.2).
            return answer.IsAccepted && !pc.TransferSyntaxes.Contains(answer.TransferSyntax, StringComparer.Ordinal)
                ? new PresentationContextResult(pc.Id, PresentationContextResultReason.TransferSyntaxesNotSupported, pc.TransferSyntaxes[0])
                : answer;
        }).ToList();
        var requested = rq.UserInformation;
        return new AssociateAccept
        {
            ProtocolVersion = 1,
            CalledAeTitle = rq.CalledAeTitle,
            CallingAeTitle = rq.CallingAeTitle,
            PresentationContexts = results,
            UserInformation = new UserInformation
            {
                MaxPduLength = _options.MaxPduLength,
                ImplementationClassUid = DicomFile.ImplementationClassUid,
                ImplementationVersionName = DicomFile.ImplementationVersionName,
                // We perform one operation at a time.
                AsyncOperations = requested.AsyncOperations is null ? null : new AsyncOperationsWindow(1, 1),
                RoleSelections = decision.Roles,
                ExtendedNegotiations = decision.ExtendedNegotiations,
                UserIdentityResponse = requested.UserIdentity is { PositiveResponseRequested: true } ? decision.UserIdentityResponse : null,
            },
        };
    }

    // ---- Established association ------------------------------------------------------------------------------

    private async Task<AssociationEndReason> ServeAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                // While an operation runs the peer is waiting for us: its silence is not idleness.
                _channel.ArmReadTimeout(_operation is null ? _options.IdleTimeout : Timeout.InfiniteTimeSpan);
            }
            var inbound = await _reader!.ReadCommandAsync(null).ConfigureAwait(false);
            switch (inbound.Kind)
            {
                case InboundKind.Closed:
                    NetworkLog.ConnectionLost(_logger, _remote, "the peer closed the connection without releasing");
                    return AssociationEndReason.ConnectionLost;
                case InboundKind.ReleaseRequest:
                    await StopOperationAsync().ConfigureAwait(false);
                    await _channel.WriteAsync(PduEncoder.ReleaseResponse(), _options.IdleTimeout).ConfigureAwait(false);
                    NetworkLog.AssociationReleased(_logger, Info.ToString());
                    await _channel.WaitForPeerCloseAsync(_options.ArtimTimeout, _hardStop).ConfigureAwait(false);
                    return AssociationEndReason.Released;
                case InboundKind.ReleaseResponse:
                    throw new PduException("A-RELEASE-RP without a release request", AbortReason.UnexpectedPdu);
                default:
                    await DispatchAsync(inbound.Context!, inbound.Command!).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task DispatchAsync(PresentationContext context, DicomCommand command)
    {
        var token = _lifetime.Token;
        if (command.Field == CommandField.CCancelRequest)
        {
            await DrainAsync(command).ConfigureAwait(false);
            CancelOperation(command.MessageIdBeingRespondedTo);
            return;
        }
        if (command.IsResponse)
        {
            await DrainAsync(command).ConfigureAwait(false);
            TaskCompletionSource<DimseResult>? waiting = null;
            lock (_gate)
            {
                if (command.Field == CommandField.CStoreResponse)
                {
                    _pendingStores.Remove(command.MessageIdBeingRespondedTo, out waiting);
                }
            }
            if (waiting is null)
            {
                NetworkLog.UnexpectedMessage(_logger, command.ToString(), _remote);
            }
            waiting?.TrySetResult(command.Result);
            return;
        }

        // One operation at a time: a request arriving while one runs waits for it.
        await WaitForOperationAsync().ConfigureAwait(false);
        switch (command.Field)
        {
            case CommandField.CEchoRequest:
                await DrainAsync(command).ConfigureAwait(false);
                await Sender.SendAsync(context.Id, DicomCommand.Response(command, await EchoAsync(context, command, token).ConfigureAwait(false)), token).ConfigureAwait(false);
                break;
            case CommandField.CStoreRequest:
                await StoreAsync(context, command, token).ConfigureAwait(false);
                break;
            case CommandField.CFindRequest or CommandField.CGetRequest or CommandField.CMoveRequest:
                await StartQueryRetrieveAsync(context, command, token).ConfigureAwait(false);
                break;
            default:
                await DrainAsync(command).ConfigureAwait(false);
                await Sender.SendAsync(context.Id, DicomCommand.Response(command, new DimseResult(DicomStatus.UnrecognizedOperation)), token).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask DrainAsync(DicomCommand command)
    {
        if (command.HasDataSet)
        {
            await _reader!.ReadDataSetAsync(null, _options.IdleTimeout, _lifetime.Token).ConfigureAwait(false);
        }
    }

    private async ValueTask<DimseResult> EchoAsync(PresentationContext context, DicomCommand command, CancellationToken token)
    {
        if (_services is not ICEchoProvider echo)
        {
            return DimseResult.Success;
        }
        try
        {
            return await echo.OnCEchoAsync(new CEchoRequest(Info, context, command), token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProviderFailure(ex, "C-ECHO", Info.CallingAeTitle);
            return DimseErrors.ToResult(ex, CommandField.CEchoRequest);
        }
    }

    private async Task StoreAsync(PresentationContext context, DicomCommand command, CancellationToken token)
    {
        var request = new CStoreRequest(Info, context, command);
        DimseResult result;
        if (!command.HasDataSet)
        {
            result = new DimseResult(DicomStatus.CannotUnderstand, "C-STORE-RQ without a data set");
        }
        else
        {
            result = await StoreReceiver.ReceiveAsync(_reader!, request, _services as ICStoreProvider, _options.IdleTimeout, _logger, token).ConfigureAwait(false);
        }
        NetworkLog.StoreCompleted(_logger, request.MessageId, Info.CallingAeTitle, result.Status);
        await Sender.SendAsync(context.Id, DicomCommand.Response(command, result), token).ConfigureAwait(false);
    }

    // ---- Ending ----------------------------------------------------------------------------------------------

    private async Task<AssociationEndReason> FailAsync(Exception ex)
    {
        var cause = _operationFailure ?? ex;
        var stopping = cause is OperationCanceledException && _lifetime.IsCancellationRequested;
        // Stop a running operation before the abort goes out, so nothing follows it.
        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (stopping)
        {
            NetworkLog.AbortedForStop(_logger, _remote);
            await _channel.TrySendAbortAsync(AbortSource.ServiceUser, AbortReason.NotSpecified, _options.ArtimTimeout).ConfigureAwait(false);
            return AssociationEndReason.Aborted;
        }
        switch (cause)
        {
            case AssociationAbortedException aborted:
                NetworkLog.AbortedByPeer(_logger, _remote, aborted.Abort.Source, aborted.Abort.Reason);
                break;
            case DicomNetworkTimeoutException:
                NetworkLog.TimedOut(_logger, _remote, cause.Message);
                break;
            case ConnectionClosedException:
                NetworkLog.ConnectionLost(_logger, _remote, cause.Message);
                break;
            case DicomException:
                NetworkLog.Aborting(_logger, _remote, cause.Message);
                break;
            default:
                NetworkLog.AssociationFailed(_logger, cause, _remote);
                break;
        }
        if (DimseErrors.ToAbort(cause) is { } abort)
        {
            await _channel.TrySendAbortAsync(abort.Source, abort.Reason, _options.ArtimTimeout).ConfigureAwait(false);
            await _channel.WaitForPeerCloseAsync(_options.ArtimTimeout, _hardStop).ConfigureAwait(false);
        }
        return DimseErrors.ToEndReason(cause);
    }

    private async Task EndServicesAsync(AssociationEndReason end)
    {
        if (_services is null)
        {
            return;
        }
        try
        {
            await _services.OnAssociationEndedAsync(end).ConfigureAwait(false);
            switch (_services)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
        catch (Exception ex)
        {
            LogProviderFailure(ex, "association end", Info.CallingAeTitle);
        }
    }

    private void LogProviderFailure(Exception ex, string service, string subject)
    {
        if (DimseErrors.IsUnexpected(ex))
        {
            NetworkLog.ProviderError(_logger, ex, service, subject);
        }
    }
}
