using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Ingest;

/// <summary>
/// The ingest path's log lines. Only pseudonymised UIDs, AE titles, workspaces, statuses and reasons that name a
/// problem (never a value) appear here: these lines go to journald.
/// </summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Stored {SopInstanceUid} in {Workspace} from {CallingAe} ({Bytes} bytes{Replacement})")]
    public static partial void Stored(ILogger logger, string sopInstanceUid, string workspace, string callingAe, long bytes, string replacement);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Quarantined an instance for {Workspace} from {CallingAe} at the {Stage} stage: {Reason} (quarantine {QuarantineId})")]
    public static partial void Quarantined(ILogger logger, string workspace, string callingAe, string stage, string reason, string quarantineId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Refused an instance for {Workspace} from {CallingAe}: {Status} {Reason}")]
    public static partial void Refused(ILogger logger, string workspace, string callingAe, string status, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Association from {CallingAe} at {Remote} to {CalledAe} accepted for {Workspace} ({Services})")]
    public static partial void Accepted(ILogger logger, string callingAe, string remote, string calledAe, string workspace, string services);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Association from {CallingAe} at {Remote} to {CalledAe} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string callingAe, string remote, string calledAe, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "{Operation} for {Workspace} from {CallingAe}: {Count} matches")]
    public static partial void QueryAnswered(ILogger logger, string operation, string workspace, string callingAe, int count);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "Storing an instance for {Workspace} from {CallingAe} failed unexpectedly ({Error}) {StackTrace}")]
    public static partial void Failed(ILogger logger, string workspace, string callingAe, string error, string stackTrace);
}
