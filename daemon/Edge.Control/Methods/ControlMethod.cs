using Edge.Control.Access;
using Google.Protobuf;

namespace Edge.Control.Methods;

/// <summary>
/// A registered method with its types erased, so the transport can parse, authorise and invoke any of them alike.
/// </summary>
internal abstract class ControlMethod(string path, MethodAccess access)
{
    public string Path { get; } = path;

    public MethodAccess Access { get; } = access;

    public abstract IMessage Parse(byte[] payload);

    /// <summary>Runs the handler; returns the answer of a unary call, or null once a streaming handler is done.</summary>
    public abstract Task<IMessage?> InvokeAsync(IMessage request, ControlCallContext context, IResponseStream responses);
}

/// <summary>The transport's side of a response stream: frames and flushes one message.</summary>
internal interface IResponseStream
{
    Task WriteAsync(IMessage message, CancellationToken cancellationToken);
}

internal sealed class UnaryMethod<TRequest, TResponse>(string path, MethodAccess access,
    ControlUnaryHandler<TRequest, TResponse> handler) : ControlMethod(path, access)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>
{
    private static readonly MessageParser<TRequest> Parser = new(() => new TRequest());

    public override IMessage Parse(byte[] payload) => Parser.ParseFrom(payload);

    public override async Task<IMessage?> InvokeAsync(IMessage request, ControlCallContext context, IResponseStream responses) =>
        await handler((TRequest)request, context).ConfigureAwait(false);
}

internal sealed class ServerStreamingMethod<TRequest, TResponse>(string path, MethodAccess access,
    ControlServerStreamingHandler<TRequest, TResponse> handler) : ControlMethod(path, access)
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>
{
    private static readonly MessageParser<TRequest> Parser = new(() => new TRequest());

    public override IMessage Parse(byte[] payload) => Parser.ParseFrom(payload);

    public override async Task<IMessage?> InvokeAsync(IMessage request, ControlCallContext context, IResponseStream responses)
    {
        await handler((TRequest)request, new Writer(responses, context.CancellationToken), context).ConfigureAwait(false);
        return null;
    }

    private sealed class Writer(IResponseStream responses, CancellationToken cancellationToken) : IControlStreamWriter<TResponse>
    {
        private int _writing;

        public async Task WriteAsync(TResponse message)
        {
            ArgumentNullException.ThrowIfNull(message);
            if (Interlocked.Exchange(ref _writing, 1) == 1)
            {
                throw new InvalidOperationException("A response stream takes one write at a time: await each WriteAsync.");
            }
            try
            {
                await responses.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _writing, 0);
            }
        }
    }
}
