using Edge.Control.Wire;

namespace Edge.Cli.Transport;

/// <summary>A control call that ended with a status other than OK: the daemon's status code and message.</summary>
public sealed class RpcException : Exception
{
    public RpcException(StatusCode statusCode, string detail, Exception? inner = null)
        : base($"{statusCode}: {detail}", inner)
    {
        StatusCode = statusCode;
        Detail = detail;
    }

    public StatusCode StatusCode { get; }

    /// <summary>The status message as the daemon sent it (grpc-message), or ours when the call failed here.</summary>
    public string Detail { get; }
}
