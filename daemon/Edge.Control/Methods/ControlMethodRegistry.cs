using System.Collections.Frozen;
using Edge.Control.Access;
using Edge.Control.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Edge.Control.Methods;

/// <summary>
/// Handlers by gRPC path. Only methods of the contract can be mapped, with the contract's request and response
/// types and streaming kind, and each takes the access rule the contract declares for it, so authorisation is
/// decided in one place (the .proto files) and checked before any handler runs.
/// </summary>
public sealed class ControlMethodRegistry
{
    private readonly Dictionary<string, ControlMethod> _methods = new(StringComparer.Ordinal);
    private Func<Exception, ControlRpcException?>? _exceptionMapper;

    /// <summary>Paths mapped so far.</summary>
    public IReadOnlyCollection<string> Paths => _methods.Keys;

    public ControlMethodRegistry MapUnary<TRequest, TResponse>(string path, ControlUnaryHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Describe<TRequest, TResponse>(path, serverStreaming: false);
        return Add(new UnaryMethod<TRequest, TResponse>(path, MethodAccess.Of(method), handler));
    }

    public ControlMethodRegistry MapServerStreaming<TRequest, TResponse>(string path,
        ControlServerStreamingHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Describe<TRequest, TResponse>(path, serverStreaming: true);
        return Add(new ServerStreamingMethod<TRequest, TResponse>(path, MethodAccess.Of(method), handler));
    }

    /// <summary>
    /// How exceptions other than <see cref="ControlRpcException"/> become statuses (for example a workspace store's
    /// "not found" → NOT_FOUND): return null for those it does not know, which end the call with INTERNAL.
    /// </summary>
    public ControlMethodRegistry MapExceptions(Func<Exception, ControlRpcException?> mapper)
    {
        _exceptionMapper = mapper ?? throw new ArgumentNullException(nameof(mapper));
        return this;
    }

    /// <summary>An immutable copy for a running server.</summary>
    internal (FrozenDictionary<string, ControlMethod> Methods, Func<Exception, ControlRpcException?>? ExceptionMapper) Snapshot() =>
        (_methods.ToFrozenDictionary(StringComparer.Ordinal), _exceptionMapper);

    private ControlMethodRegistry Add(ControlMethod method)
    {
        if (!_methods.TryAdd(method.Path, method))
        {
            throw new ArgumentException($"{method.Path} is mapped twice.", nameof(method));
        }
        return this;
    }

    private static MethodDescriptor Describe<TRequest, TResponse>(string path, bool serverStreaming)
    {
        var method = ControlContract.FindMethod(path)
            ?? throw new ArgumentException($"The control contract has no method {path}.", nameof(path));
        if (method.IsClientStreaming || method.IsServerStreaming != serverStreaming)
        {
            var kind = method.IsClientStreaming ? "client-streaming" : method.IsServerStreaming ? "server-streaming" : "unary";
            throw new ArgumentException($"{path} is {kind} in the contract.", nameof(path));
        }
        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{path} takes {method.InputType.FullName} and answers {method.OutputType.FullName}, not {typeof(TRequest).Name} and {typeof(TResponse).Name}.",
                nameof(path));
        }
        return method;
    }
}
