using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>
/// C-FIND, C-GET and C-MOVE: each runs as the association's background operation, answers with pending responses
/// as it goes and a final one at the end, and stops at a C-CANCEL-RQ.
/// </summary>
internal sealed partial class ServerAssociation
{
    private async Task StartQueryRetrieveAsync(PresentationContext context, DicomCommand command, CancellationToken token)
    {
        DicomDataset? identifier = null;
        DimseResult? refusal = null;
        if (!command.HasDataSet)
        {
            refusal = new DimseResult(DicomStatus.DataSetDoesNotMatchSopClass, "Request without an identifier");
        }
        else if (await _reader!.ReadDataSetToMemoryAsync(_options.MaxIdentifierLength, _options.IdleTimeout).ConfigureAwait(false) is not { } bytes)
        {
            refusal = new DimseResult(DicomStatus.OutOfResources, "Identifier too large");
        }
        else
        {
            try
            {
                identifier = DicomFile.DecodeDataset(bytes, context.TransferSyntax!);
            }
            catch (DicomException ex)
            {
                refusal = DimseErrors.ToResult(ex, command.Field);
            }
        }
        if (refusal is not null)
        {
            await Sender.SendAsync(context.Id, DicomCommand.Response(command, refusal), token).ConfigureAwait(false);
            return;
        }

        Func<CancellationToken, Task> body = command.Field switch
        {
            CommandField.CFindRequest => ct => FindAsync(context, command, new CFindRequest(Info, context, command, identifier!), ct),
            CommandField.CGetRequest => ct => GetAsync(context, command, new CGetRequest(Info, context, command, identifier!), ct),
            _ => ct => MoveAsync(context, command, new CMoveRequest(Info, context, command, identifier!), ct),
        };
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        lock (_gate)
        {
            _operationCancel = cancel;
            _operationMessageId = command.MessageId;
            _operation = Task.Run(() => RunOperationAsync(body, cancel));
        }
    }

    private async Task RunOperationAsync(Func<CancellationToken, Task> body, CancellationTokenSource cancel)
    {
        try
        {
            await body(cancel.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Answering failed (connection lost, peer not reading) or a bug: the association cannot go on.
            if (!_lifetime.IsCancellationRequested)
            {
                _operationFailure = ex;
                await _lifetime.CancelAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_gate)
            {
                _operation = null;
                _operationCancel = null;
                _channel.ArmReadTimeout(_options.IdleTimeout);
            }
            cancel.Dispose();
        }
    }

    private void CancelOperation(ushort messageId)
    {
        CancellationTokenSource? cancel;
        lock (_gate)
        {
            cancel = _operation is not null && _operationMessageId == messageId ? _operationCancel : null;
        }
        try
        {
            cancel?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operation finished meanwhile.
        }
    }

    private async Task WaitForOperationAsync()
    {
        Task? running;
        lock (_gate)
        {
            running = _operation;
        }
        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }
    }

    private async Task StopOperationAsync()
    {
        Task? running;
        CancellationTokenSource? cancel;
        lock (_gate)
        {
            running = _operation;
            cancel = _operationCancel;
        }
        if (running is null)
        {
            return;
        }
        try
        {
            cancel?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It finished meanwhile.
        }
        await running.ConfigureAwait(false);
    }

    private async Task FindAsync(PresentationContext context, DicomCommand command, CFindRequest request, CancellationToken cancel)
    {
        var token = _lifetime.Token;
        var final = DimseResult.Success;
        var matches = 0;
        if (_services is not ICFindProvider provider)
        {
            final = new DimseResult(DicomStatus.SopClassNotSupported, "Query is not offered here");
        }
        else
        {
            try
            {
                await foreach (var response in provider.OnCFindAsync(request, cancel).WithCancellation(cancel).ConfigureAwait(false))
                {
                    if (cancel.IsCancellationRequested)
                    {
                        break;
                    }
                    if (!response.Status.IsPending)
                    {
                        final = new DimseResult(response.Status, response.ErrorComment);
                        break;
                    }
                    if (response.Identifier is { } match)
                    {
                        var pending = DicomCommand.Response(command, new DimseResult(response.Status), hasDataSet: true);
                        await Sender.SendAsync(context.Id, pending, match, context.TransferSyntax!, token).ConfigureAwait(false);
                        matches++;
                    }
                }
                if (cancel.IsCancellationRequested)
                {
                    final = new DimseResult(DicomStatus.Cancel);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested && !token.IsCancellationRequested)
            {
                final = new DimseResult(DicomStatus.Cancel);
            }
            catch (Exception ex) when (ex is not (DicomNetworkException or OperationCanceledException))
            {
                LogProviderFailure(ex, "C-FIND", Info.CallingAeTitle);
                final = DimseErrors.ToResult(ex, CommandField.CFindRequest);
            }
        }
        await Sender.SendAsync(context.Id, DicomCommand.Response(command, final), token).ConfigureAwait(false);
        NetworkLog.FindCompleted(_logger, Info.CallingAeTitle, final.Status, matches);
    }

    private async Task GetAsync(PresentationContext context, DicomCommand command, CGetRequest request, CancellationToken cancel)
    {
        if (_services is not ICGetProvider provider)
        {
            await SendFinalAsync(context, command, new DimseResult(DicomStatus.SopClassNotSupported, "C-GET is not offered here"), null).ConfigureAwait(false);
            return;
        }
        RetrieveSet set;
        try
        {
            set = await provider.OnCGetAsync(request, cancel).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not DicomNetworkException && !_lifetime.IsCancellationRequested)
        {
            // A C-CANCEL while the provider works lands here too and is answered Cancel.
            LogProviderFailure(ex, "C-GET", Info.CallingAeTitle);
            await SendFinalAsync(context, command, DimseErrors.ToResult(ex, CommandField.CGetRequest), null).ConfigureAwait(false);
            return;
        }
        await RunSubOperationsAsync("C-GET", context, command, set.Count, set.Instances, StoreOnThisAssociationAsync, cancel).ConfigureAwait(false);
    }

    /// <summary>A C-GET sub-operation: C-STORE-RQ on this association, the C-STORE-RSP routed back by the read loop.</summary>
    private async Task<DicomStatus> StoreOnThisAssociationAsync(InstanceFile instance)
    {
        // The requestor must have taken the storage SCP role for the SOP class (PS3.4 C.4.3.1).
        if (!Info.RoleSelections.Any(r => r.ScpRole && r.SopClassUid == instance.SopClassUid))
        {
            NetworkLog.NoScpRole(_logger, instance.SopClassUid);
            return DicomStatus.SopClassNotSupported;
        }
        var context = StoreTransfer.ChooseContext(Info, instance.SopClassUid, instance.TransferSyntax);
        if (context is null)
        {
            NetworkLog.NoContextForInstance(_logger, instance.SopClassUid, instance.TransferSyntax.Uid);
            return DicomStatus.SopClassNotSupported;
        }
        var messageId = NextMessageId();
        var response = new TaskCompletionSource<DimseResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pendingStores[messageId] = response;
        }
        try
        {
            var command = StoreTransfer.Command(messageId, instance.SopClassUid, instance.SopInstanceUid, originator: null);
            try
            {
                await StoreTransfer.SendAsync(Sender, context, command, instance, _lifetime.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DicomException and not DicomNetworkException)
            {
                // Raised while opening the file, before anything went out: only this sub-operation fails.
                NetworkLog.SubOperationFailed(_logger, instance.SopInstanceUid, ex.Message);
                return DicomStatus.ProcessingFailure;
            }
            return (await response.Task.WaitAsync(_options.IdleTimeout, _lifetime.Token).ConfigureAwait(false)).Status;
        }
        catch (TimeoutException)
        {
            throw new DicomNetworkTimeoutException($"No C-STORE-RSP for message {messageId} within the time allowed");
        }
        finally
        {
            lock (_gate)
            {
                _pendingStores.Remove(messageId);
            }
        }
    }

    private async Task MoveAsync(PresentationContext context, DicomCommand command, CMoveRequest request, CancellationToken cancel)
    {
        if (_services is not ICMoveProvider provider)
        {
            await SendFinalAsync(context, command, new DimseResult(DicomStatus.SopClassNotSupported, "C-MOVE is not offered here"), null).ConfigureAwait(false);
            return;
        }
        DicomPeer? destination;
        var instances = new List<InstanceFile>();
        try
        {
            destination = await provider.ResolveMoveDestinationAsync(request, cancel).ConfigureAwait(false);
            if (destination is null)
            {
                NetworkLog.MoveDestinationUnknown(_logger, Info.CallingAeTitle, request.MoveDestination);
                await SendFinalAsync(context, command, new DimseResult(DicomStatus.MoveDestinationUnknown, "Move destination unknown"), null).ConfigureAwait(false);
                return;
            }
            var set = await provider.OnCMoveAsync(request, cancel).ConfigureAwait(false);
            await foreach (var instance in set.Instances.WithCancellation(cancel).ConfigureAwait(false))
            {
                instances.Add(instance);
            }
        }
        catch (Exception ex) when (ex is not DicomNetworkException && !_lifetime.IsCancellationRequested)
        {
            LogProviderFailure(ex, "C-MOVE", Info.CallingAeTitle);
            await SendFinalAsync(context, command, DimseErrors.ToResult(ex, CommandField.CMoveRequest), null).ConfigureAwait(false);
            return;
        }
        if (instances.Count == 0)
        {
            await SendFinalAsync(context, command, DimseResult.Success, new SubOperationCounts(null, 0, 0, 0, [])).ConfigureAwait(false);
            return;
        }

        DicomClientAssociation destinationAssociation;
        try
        {
            var proposals = StoreTransfer.ProposalsFor(instances.Select(i => (i.SopClassUid, i.TransferSyntax)));
            destinationAssociation = await _moveClient.AssociateAsync(destination, proposals, Info.CalledAeTitle, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !_lifetime.IsCancellationRequested)
        {
            await SendFinalAsync(context, command, new DimseResult(DicomStatus.Cancel), new SubOperationCounts(instances.Count, 0, 0, 0, [])).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is DicomNetworkException or ArgumentException)
        {
            // Unreachable, rejected, or an AE title the provider gave that cannot be sent.
            NetworkLog.MoveSubAssociationFailed(_logger, destination, ex.Message);
            var counts = new SubOperationCounts(null, 0, instances.Count, 0, instances.Select(i => i.SopInstanceUid).ToList());
            await SendFinalAsync(context, command, new DimseResult(DicomStatus.OutOfResourcesSubOperations, "Cannot reach the move destination"), counts).ConfigureAwait(false);
            return;
        }
        await using (destinationAssociation.ConfigureAwait(false))
        {
            var originator = new MoveOriginator(Info.CallingAeTitle, command.MessageId);
            await RunSubOperationsAsync("C-MOVE", context, command, instances.Count, instances.ToAsyncEnumerable(),
                instance => StoreOnDestinationAsync(destinationAssociation, instance, originator), cancel).ConfigureAwait(false);
            await destinationAssociation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<DicomStatus> StoreOnDestinationAsync(DicomClientAssociation destination, InstanceFile instance, MoveOriginator originator)
    {
        try
        {
            return (await destination.StoreAsync(instance, originator, _lifetime.Token).ConfigureAwait(false)).Status;
        }
        catch (Exception ex) when (ex is DicomException or IOException or UnauthorizedAccessException)
        {
            // A broken sub-association or an unreadable file fails this sub-operation, not the C-MOVE association.
            NetworkLog.SubOperationFailed(_logger, instance.SopInstanceUid, ex.Message);
            return DicomStatus.ProcessingFailure;
        }
    }

    /// <summary>Sub-operation progress; <see cref="Remaining"/> is sent only in pending and cancel responses.</summary>
    private sealed record SubOperationCounts(int? Remaining, int Completed, int Failed, int Warning, List<string> FailedUids);

    private async Task RunSubOperationsAsync(string service, PresentationContext context, DicomCommand command, int count,
        IAsyncEnumerable<InstanceFile> instances, Func<InstanceFile, Task<DicomStatus>> storeOne, CancellationToken cancel)
    {
        var token = _lifetime.Token;
        int remaining = count, completed = 0, failed = 0, warning = 0;
        var failedUids = new List<string>();
        var cancelled = false;
        DimseResult? providerFailure = null;
        try
        {
            await foreach (var instance in instances.WithCancellation(cancel).ConfigureAwait(false))
            {
                if (cancel.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }
                remaining = Math.Max(remaining - 1, 0);
                var status = await storeOne(instance).ConfigureAwait(false);
                switch (status.Category)
                {
                    case DicomStatusCategory.Success:
                        completed++;
                        break;
                    case DicomStatusCategory.Warning:
                        warning++;
                        break;
                    default:
                        failed++;
                        failedUids.Add(instance.SopInstanceUid);
                        break;
                }
                if (remaining > 0)
                {
                    var pending = DicomCommand.Response(command, new DimseResult(DicomStatus.Pending));
                    pending.SetCounts(Clamp(remaining), Clamp(completed), Clamp(failed), Clamp(warning));
                    await Sender.SendAsync(context.Id, pending, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !token.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (Exception ex) when (ex is not (DicomNetworkException or OperationCanceledException))
        {
            LogProviderFailure(ex, service, Info.CallingAeTitle);
            providerFailure = DimseErrors.ToResult(ex, command.Field);
        }

        DimseResult final;
        if (providerFailure is not null)
        {
            final = providerFailure;
        }
        else if (cancelled)
        {
            final = new DimseResult(DicomStatus.Cancel);
        }
        else if (failed == 0 && warning == 0)
        {
            final = DimseResult.Success;
        }
        else if (completed == 0 && warning == 0)
        {
            final = new DimseResult(DicomStatus.OutOfResourcesSubOperations, "Every sub-operation failed");
        }
        else
        {
            final = new DimseResult(DicomStatus.WarningB000);
        }
        var counts = new SubOperationCounts(cancelled ? remaining : null, completed, failed, warning, failedUids);
        await SendFinalAsync(context, command, final, counts).ConfigureAwait(false);
        NetworkLog.RetrieveCompleted(_logger, service, Info.CallingAeTitle, final.Status, completed, failed, warning);
    }

    /// <summary>The final C-GET/C-MOVE response; <paramref name="counts"/> is null when no sub-operation was attempted.</summary>
    private async Task SendFinalAsync(PresentationContext context, DicomCommand command, DimseResult result, SubOperationCounts? counts)
    {
        var token = _lifetime.Token;
        var withList = counts is { FailedUids.Count: > 0 } && result.Status.Category != DicomStatusCategory.Success;
        var response = DicomCommand.Response(command, result, hasDataSet: withList);
        if (counts is not null)
        {
            response.SetCounts(counts.Remaining is { } r ? Clamp(r) : null, Clamp(counts.Completed), Clamp(counts.Failed), Clamp(counts.Warning));
        }
        if (!withList)
        {
            await Sender.SendAsync(context.Id, response, token).ConfigureAwait(false);
            return;
        }
        var identifier = new DicomDataset();
        identifier.SetStrings(CommandTags.FailedSopInstanceUidList, DicomVR.UI, counts!.FailedUids);
        await Sender.SendAsync(context.Id, response, identifier, context.TransferSyntax!, token).ConfigureAwait(false);
    }

    private static ushort Clamp(int value) => (ushort)Math.Clamp(value, 0, ushort.MaxValue);

    private ushort NextMessageId()
    {
        var id = (ushort)Interlocked.Increment(ref _nextMessageId);
        return id == 0 ? (ushort)Interlocked.Increment(ref _nextMessageId) : id;
    }
}
