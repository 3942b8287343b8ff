using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Edge.Control.V1;
using Edge.Control.Wire;
using Google.Protobuf;

namespace Edge.Cli.Transport;

/// <summary>
/// A gRPC client for the daemon's control socket: HTTP/2 with prior knowledge over a Unix socket, unary and
/// server-streaming calls, deadlines and cancellation. Calls name methods by gRPC path and are checked against the
/// contract, so a typo fails here rather than as UNIMPLEMENTED. One channel serves many calls, concurrently.
/// </summary>
public sealed class ControlChannel : IDisposable
{
    public const string DefaultSocketPath = "/run/edge/control.sock";

    /// <summary>Largest response message accepted by default (quarantine previews are the largest answers).</summary>
    public const int DefaultMaxReceiveMessageSize = 64 * 1024 * 1024;

    // The authority is not used to route (the socket is the route) but HTTP/2 requires one.
    private static readonly Uri BaseAddress = new("http://localhost");

    private readonly HttpClient _http;
    private readonly int _maxReceiveMessageSize;

    public ControlChannel(string socketPath, int maxReceiveMessageSize = DefaultMaxReceiveMessageSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReceiveMessageSize, 1);
        SocketPath = Path.GetFullPath(socketPath);
        _maxReceiveMessageSize = maxReceiveMessageSize;
        var endpoint = new UnixDomainSocketEndPoint(SocketPath);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            // Never through a proxy from the environment: the socket is the only route.
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // Deadlines are per call; watches stay open for as long as the user wants.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public string SocketPath { get; }

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(string method, TRequest request, ControlCallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        Check<TRequest, TResponse>(method, serverStreaming: false);
        using var call = new Call(this, method, options);
        try
        {
            using var response = await call.SendAsync(request).ConfigureAwait(false);
            var reader = await ResponseReader.OpenAsync(response, call, _maxReceiveMessageSize).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var message = await reader.ReadAsync<TResponse>().ConfigureAwait(false);
                if (message is null)
                {
                    reader.ThrowIfFailed();
                    throw new RpcException(StatusCode.Internal, "The daemon ended a unary call without an answer.");
                }
                if (await reader.ReadAsync<TResponse>().ConfigureAwait(false) is not null)
                {
                    throw new RpcException(StatusCode.Internal, "The daemon answered a unary call with more than one message.");
                }
                reader.ThrowIfFailed();
                return message;
            }
        }
        catch (Exception e) when (call.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public async IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(string method, TRequest request,
        ControlCallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        Check<TRequest, TResponse>(method, serverStreaming: true);
        using var call = new Call(this, method, options);
        HttpResponseMessage? response = null;
        ResponseReader? reader = null;
        try
        {
            try
            {
                response = await call.SendAsync(request).ConfigureAwait(false);
                reader = await ResponseReader.OpenAsync(response, call, _maxReceiveMessageSize).ConfigureAwait(false);
            }
            catch (Exception e) when (call.Translate(e) is { } translated)
            {
                throw translated;
            }
            while (true)
            {
                TResponse? message;
                try
                {
                    message = await reader.ReadAsync<TResponse>().ConfigureAwait(false);
                    if (message is null)
                    {
                        reader.ThrowIfFailed();
                    }
                }
                catch (Exception e) when (call.Translate(e) is { } translated)
                {
                    throw translated;
                }
                if (message is null)
                {
                    yield break;
                }
                yield return message;
            }
        }
        finally
        {
            // Disposing before the end resets the stream, which the daemon sees as the caller going away.
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }
            response?.Dispose();
        }
    }

    public void Dispose() => _http.Dispose();

    private static void Check<TRequest, TResponse>(string method, bool serverStreaming)
    {
        var descriptor = ControlContract.FindMethod(method)
            ?? throw new ArgumentException($"The control contract has no method {method}.", nameof(method));
        if (descriptor.IsServerStreaming != serverStreaming || descriptor.IsClientStreaming
            || descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{method} is {(descriptor.IsServerStreaming ? "server-streaming" : "unary")}, from {descriptor.InputType.FullName} to {descriptor.OutputType.FullName}.",
                nameof(method));
        }
    }

    /// <summary>One call's request, deadline and cancellation, and how its failures read to the caller.</summary>
    internal sealed class Call : IDisposable
    {
        private readonly ControlChannel _channel;
        private readonly string _method;
        private readonly DateTimeOffset? _deadline;
        private readonly CancellationToken _callerToken;
        private readonly CancellationTokenSource _deadlineTimer = new();
        private readonly CancellationTokenSource _cancellation;

        public Call(ControlChannel channel, string method, ControlCallOptions options)
        {
            _channel = channel;
            _method = method;
            _callerToken = options.CancellationToken;
            if (options.Timeout is { } timeout)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
                _deadline = DateTimeOffset.UtcNow + timeout;
                _deadlineTimer.CancelAfter(timeout);
            }
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(_callerToken, _deadlineTimer.Token);
        }

        public CancellationToken Token => _cancellation.Token;

        public Task<HttpResponseMessage> SendAsync(IMessage request)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, _method)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(MessageFraming.Frame(request)),
            };
            message.Content.Headers.TryAddWithoutValidation("Content-Type", GrpcHeaders.ContentType);
            message.Headers.TryAddWithoutValidation("TE", "trailers");
            message.Headers.TryAddWithoutValidation(GrpcHeaders.AcceptEncoding, GrpcHeaders.IdentityEncoding);
            message.Headers.TryAddWithoutValidation("User-Agent", "edgectl");
            if (_deadline is { } deadline)
            {
                message.Headers.TryAddWithoutValidation(GrpcHeaders.Timeout, GrpcTimeout.Format(deadline - DateTimeOffset.UtcNow));
            }
            return _channel._http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, Token);
        }

        /// <summary>
        /// What the caller should see for a failure of this call: OperationCanceledException when they cancelled,
        /// DeadlineExceeded when the deadline passed, Unavailable when the socket cannot be reached; null to let an
        /// <see cref="RpcException"/> through unchanged.
        /// </summary>
        public Exception? Translate(Exception e)
        {
            if (e is RpcException)
            {
                return null;
            }
            if (_callerToken.IsCancellationRequested)
            {
                return new OperationCanceledException("The call was cancelled.", e, _callerToken);
            }
            if (_deadlineTimer.IsCancellationRequested)
            {
                return new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded.", e);
            }
            return e switch
            {
                HttpRequestException { InnerException: SocketException socket } =>
                    new RpcException(StatusCode.Unavailable, $"Cannot connect to the control socket {_channel.SocketPath}: {socket.Message}.", e),
                HttpRequestException or IOException =>
                    new RpcException(StatusCode.Unavailable, $"The connection to {_channel.SocketPath} failed: {e.Message}", e),
                _ => null,
            };
        }

        public void Dispose()
        {
            _cancellation.Dispose();
            _deadlineTimer.Dispose();
        }
    }
}
