using System.Buffers;
using System.IO.Pipelines;
using Edge.Control.Methods;
using Edge.Control.Wire;

namespace Edge.Control.Transport;

/// <summary>
/// Reads the one request message of a unary or server-streaming call: its prefix, a size check before the body is
/// read, then the body, then the end of the request stream.
/// </summary>
internal static class RequestReader
{
    public static async Task<byte[]> ReadSingleMessageAsync(PipeReader reader, int maxMessageSize,
        CancellationToken cancellationToken)
    {
        byte[]? message = null;
        var header = new byte[MessageFraming.HeaderLength];
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (message is null && buffer.Length >= MessageFraming.HeaderLength)
            {
                buffer.Slice(0, MessageFraming.HeaderLength).CopyTo(header);
                var (compressed, length) = MessageFraming.ReadHeader(header);
                if (compressed)
                {
                    throw new ControlRpcException(StatusCode.Internal, "A compressed request message arrived without a grpc-encoding.");
                }
                if (length > maxMessageSize)
                {
                    throw new ControlRpcException(StatusCode.ResourceExhausted,
                        $"The request message is {length} bytes, more than the {maxMessageSize} allowed.");
                }
                if (buffer.Length >= MessageFraming.HeaderLength + length)
                {
                    message = buffer.Slice(MessageFraming.HeaderLength, length).ToArray();
                    buffer = buffer.Slice(MessageFraming.HeaderLength + length);
                }
            }
            if (message is not null && buffer.Length > 0)
            {
                throw new ControlRpcException(StatusCode.Internal, "The request carried more than one message.");
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                return message ?? throw new ControlRpcException(StatusCode.Internal,
                    buffer.Length == 0 ? "The request carried no message." : "The request message was cut short.");
            }
            reader.AdvanceTo(message is null ? buffer.Start : buffer.End, buffer.End);
        }
    }
}
