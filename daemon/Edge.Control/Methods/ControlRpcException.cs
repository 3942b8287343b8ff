using Edge.Control.Wire;

namespace Edge.Control.Methods;

/// <summary>
/// Thrown by a handler to end its call with a status other than OK; the message goes to the caller as
/// <c>grpc-message</c> (and is not logged), so it must be written for an administrator and hold no patient data.
/// </summary>
public sealed class ControlRpcException : ControlException
{
    public ControlRpcException(StatusCode statusCode, string message) : base(message)
    {
        if (statusCode == StatusCode.OK)
        {
            throw new ArgumentException("A failed call needs a status other than OK.", nameof(statusCode));
        }
        StatusCode = statusCode;
    }

    public StatusCode StatusCode { get; }
}
