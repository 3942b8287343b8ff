namespace Edge.Cli.Transport;

/// <summary>
/// Per-call settings. <see cref="Timeout"/> becomes the call's deadline, sent to the daemon (grpc-timeout) and enforced
/// here too (<see cref="RpcException"/> with DeadlineExceeded); cancelling <see cref="CancellationToken"/> abandons
/// the call, which the daemon's handler observes, and throws <see cref="OperationCanceledException"/>.
/// </summary>
public readonly record struct ControlCallOptions(TimeSpan? Timeout = null, CancellationToken CancellationToken = default);
