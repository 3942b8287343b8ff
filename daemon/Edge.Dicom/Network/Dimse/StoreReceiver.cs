using Microsoft.Extensions.Logging;

namespace Edge.Dicom.Network;

/// <summary>
/// Receives the data set of a C-STORE-RQ into the provider's stream as it arrives and gets the provider's verdict.
/// Shared by the storage SCP and by a C-GET requestor taking its sub-operations.
/// </summary>
internal static class StoreReceiver
{
    /// <summary>
    /// Reads the data set and returns the status to answer. If the association breaks midway the provider is told
    /// to discard and the exception propagates.
    /// </summary>
    public static async ValueTask<DimseResult> ReceiveAsync(DimseReader reader, CStoreRequest request, ICStoreProvider? provider,
        TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        if (provider is null)
        {
            await reader.ReadDataSetAsync(null, timeout, cancellationToken).ConfigureAwait(false);
            return new DimseResult(DicomStatus.SopClassNotSupported, "Storage is not offered here");
        }

        Stream sink;
        try
        {
            sink = await provider.OpenReceiveStreamAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProviderFailure(logger, ex, request);
            await reader.ReadDataSetAsync(null, timeout, cancellationToken).ConfigureAwait(false);
            return DimseErrors.ToResult(ex, CommandField.CStoreRequest);
        }

        Exception? sinkError;
        try
        {
            sinkError = await reader.ReadDataSetAsync(sink, timeout, cancellationToken).ConfigureAwait(false);
            if (sinkError is null)
            {
                try
                {
                    await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    sinkError = ex;
                }
            }
        }
        catch
        {
            await DiscardAsync(provider, request, sink, logger).ConfigureAwait(false);
            throw;
        }
        if (sinkError is not null)
        {
            LogProviderFailure(logger, sinkError, request);
            await DiscardAsync(provider, request, sink, logger).ConfigureAwait(false);
            return DimseErrors.ToResult(sinkError, CommandField.CStoreRequest);
        }

        try
        {
            return await provider.OnReceivedAsync(request, sink, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProviderFailure(logger, ex, request);
            return DimseErrors.ToResult(ex, CommandField.CStoreRequest);
        }
    }

    private static async ValueTask DiscardAsync(ICStoreProvider provider, CStoreRequest request, Stream sink, ILogger logger)
    {
        try
        {
            await provider.OnReceiveAbortedAsync(request, sink).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Cleanup must not hide why the transfer ended.
            NetworkLog.DiscardFailed(logger, ex, request.MessageId);
        }
    }

    private static void LogProviderFailure(ILogger logger, Exception ex, CStoreRequest request)
    {
        if (DimseErrors.IsUnexpected(ex))
        {
            NetworkLog.ProviderError(logger, ex, "C-STORE", "message " + request.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
