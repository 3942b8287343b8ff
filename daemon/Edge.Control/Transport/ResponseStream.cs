using Edge.Control.Methods;
using Edge.Control.Wire;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Edge.Control.Transport;

/// <summary>Writes length-prefixed response messages straight into the HTTP/2 response, flushing each.</summary>
internal sealed class ResponseStream(HttpResponse response) : IResponseStream
{
    public async Task WriteAsync(IMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var length = message.CalculateSize();
        var writer = response.BodyWriter;
        var span = writer.GetSpan(MessageFraming.HeaderLength + length);
        MessageFraming.WriteHeader(span, length);
        message.WriteTo(span.Slice(MessageFraming.HeaderLength, length));
        writer.Advance(MessageFraming.HeaderLength + length);
        var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flushed.IsCanceled)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
