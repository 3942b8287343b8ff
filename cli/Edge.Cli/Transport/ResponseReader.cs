using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Edge.Control.Wire;
using Google.Protobuf;

namespace Edge.Cli.Transport;

/// <summary>
/// Reads a gRPC response: the HTTP status and content type, the messages one by one with a size limit, then the
/// status, from the trailers or, for a trailers-only answer, from the headers.
/// </summary>
internal sealed class ResponseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Stream? _body;
    private readonly CancellationToken _cancellationToken;
    private readonly int _maxMessageSize;
    private readonly byte[] _header = new byte[MessageFraming.HeaderLength];
    private (StatusCode Code, string Message)? _status;

    private ResponseReader(HttpResponseMessage response, Stream? body, (StatusCode, string)? status,
        CancellationToken cancellationToken, int maxMessageSize)
    {
        _response = response;
        _body = body;
        _status = status;
        _cancellationToken = cancellationToken;
        _maxMessageSize = maxMessageSize;
    }

    public static async Task<ResponseReader> OpenAsync(HttpResponseMessage response, ControlChannel.Call call, int maxMessageSize)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RpcException(FromHttpStatus(response.StatusCode),
                $"The daemon answered HTTP {(int)response.StatusCode} instead of a gRPC response.");
        }
        if (ReadStatus(response.Headers) is { } trailersOnly)
        {
            return new ResponseReader(response, null, trailersOnly, call.Token, maxMessageSize);
        }
        if (!GrpcHeaders.IsGrpcContentType(response.Content.Headers.ContentType?.MediaType))
        {
            throw new RpcException(StatusCode.Unknown,
                $"The answer's content type is '{response.Content.Headers.ContentType}', not {GrpcHeaders.ContentType}.");
        }
        var body = await response.Content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
        return new ResponseReader(response, body, null, call.Token, maxMessageSize);
    }

    /// <summary>The next message, or null at the end of the response (the status is then known).</summary>
    public async Task<T?> ReadAsync<T>() where T : IMessage<T>, new()
    {
        if (_status is not null || _body is null)
        {
            return default;
        }
        var read = await _body.ReadAtLeastAsync(_header, MessageFraming.HeaderLength, throwOnEndOfStream: false, _cancellationToken)
            .ConfigureAwait(false);
        if (read == 0)
        {
            _status = ReadStatus(_response.TrailingHeaders)
                ?? (StatusCode.Internal, "The daemon's answer ended without a grpc-status.");
            return default;
        }
        if (read < MessageFraming.HeaderLength)
        {
            throw new RpcException(StatusCode.Internal, "The daemon's answer was cut short in a message prefix.");
        }
        var (compressed, length) = MessageFraming.ReadHeader(_header);
        if (compressed)
        {
            throw new RpcException(StatusCode.Internal, "The daemon sent a compressed message, which was not asked for.");
        }
        if (length > _maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted,
                $"The answer is {length} bytes, more than the {_maxMessageSize} this client accepts.");
        }
        var payload = new byte[length];
        try
        {
            await _body.ReadExactlyAsync(payload, _cancellationToken).ConfigureAwait(false);
            return new MessageParser<T>(() => new T()).ParseFrom(payload);
        }
        catch (EndOfStreamException e)
        {
            throw new RpcException(StatusCode.Internal, "The daemon's answer was cut short in a message.", e);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(StatusCode.Internal, $"The daemon's answer is not a valid {typeof(T).Name}.", e);
        }
    }

    /// <summary>Throws the call's status once the response has ended with one other than OK.</summary>
    public void ThrowIfFailed()
    {
        if (_status is { Code: not StatusCode.OK } status)
        {
            throw new RpcException(status.Code, status.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_body is not null)
        {
            await _body.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static (StatusCode, string)? ReadStatus(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcHeaders.Status, out var statusValues))
        {
            return null;
        }
        var code = int.TryParse(statusValues.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && Enum.IsDefined((StatusCode)number)
                ? (StatusCode)number
                : StatusCode.Unknown;
        var message = headers.TryGetValues(GrpcHeaders.Message, out var messageValues)
            ? StatusMessageEncoding.Decode(messageValues.FirstOrDefault() ?? "")
            : "";
        return (code, message);
    }

    // The mapping gRPC specifies for answers that are not gRPC (a proxy, a wrong server).
    private static StatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
