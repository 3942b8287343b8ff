using Microsoft.Extensions.Logging;

namespace Edge.Control.Transport;

/// <summary>
/// Everything the control plane logs. Calls are named by method and uid only: never a request, an answer or a status
/// message, which may hold identifiers.
/// </summary>
internal static partial class ControlLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Control plane listening on {SocketPath} (mode 0660, group {SocketGroup})")]
    public static partial void Listening(ILogger logger, string socketPath, string socketGroup);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Group {SocketGroup} does not exist; the control socket keeps the daemon's group")]
    public static partial void SocketGroupMissing(ILogger logger, string socketGroup);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Removed the stale control socket {SocketPath} left by an earlier run")]
    public static partial void StaleSocketRemoved(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Refused {Method} to uid {UserId}: its grants are {Grants}")]
    public static partial void Refused(ILogger logger, string method, uint userId, string grants);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "{Method} failed with {ExceptionType}\n{StackTrace}")]
    public static partial void HandlerFailed(ILogger logger, string method, string exceptionType, string? stackTrace);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Could not audit {Method} for uid {UserId}: {ExceptionType}; the call fails")]
    public static partial void AuditFailed(ILogger logger, string method, uint userId, string exceptionType);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Closed a control connection whose peer credentials could not be read: {Problem}")]
    public static partial void NoPeerCredentials(ILogger logger, string problem);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "{Method} by uid {UserId} ended with {Status} in {ElapsedMs:F1} ms")]
    public static partial void CallEnded(ILogger logger, string method, uint userId, string status, double elapsedMs);
}
