using Google.Protobuf;

namespace Edge.Control.Methods;

/// <summary>Answers a unary call. Throw <see cref="ControlRpcException"/> to answer with another status.</summary>
public delegate Task<TResponse> ControlUnaryHandler<in TRequest, TResponse>(TRequest request, ControlCallContext context)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>;

/// <summary>
/// Answers a server-streaming call by writing messages to <paramref name="responses"/>; the call ends with OK when the
/// returned task completes. Throw <see cref="ControlRpcException"/> to end it with another status.
/// </summary>
public delegate Task ControlServerStreamingHandler<in TRequest, TResponse>(TRequest request,
    IControlStreamWriter<TResponse> responses, ControlCallContext context)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>;

/// <summary>The response stream of a server-streaming call; one write at a time.</summary>
public interface IControlStreamWriter<in TResponse>
{
    /// <summary>Sends one message now (it is flushed before the task completes).</summary>
    Task WriteAsync(TResponse message);
}
