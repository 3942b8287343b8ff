using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Pull;

/// <summary>
/// The pull engine's log lines: pull ids, workspaces, counts and statuses only. The identifiers a pull selects
/// (accession numbers, patient IDs, study UIDs of the PACS) never appear here.
/// </summary>
internal static partial class PullLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Pull {PullId} for {Workspace} started by {RequestedBy}: {Kind} selection with {Keys} keys")]
    public static partial void Started(ILogger logger, string pullId, string workspace, string requestedBy, PullSelectionKind kind, int keys);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Pull {PullId}: the PACS found {Studies} studies")]
    public static partial void Found(ILogger logger, string pullId, int studies);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Pull {PullId}: study {Index} of {Total} moved ({Completed} instances, {Warning} with warnings)")]
    public static partial void StudyMoved(ILogger logger, string pullId, int index, int total, int completed, int warning);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "Pull {PullId}: study {Index} of {Total} failed: {Status}, {Failed} instances failed")]
    public static partial void StudyFailed(ILogger logger, string pullId, int index, int total, string status, int failed);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "Pull {PullId} ended {State}: {Done} of {Total} studies done, {Instances} instances received")]
    public static partial void Ended(ILogger logger, string pullId, PullState state, int done, int total, long instances);

    [LoggerMessage(EventId = 705, Level = LogLevel.Warning, Message = "Pull {PullId} failed: {Problem}")]
    public static partial void Failed(ILogger logger, string pullId, string problem);

    [LoggerMessage(EventId = 706, Level = LogLevel.Error, Message = "Pull {PullId} failed unexpectedly")]
    public static partial void Crashed(ILogger logger, Exception exception, string pullId);

    [LoggerMessage(EventId = 707, Level = LogLevel.Information, Message = "Pull {PullId} resumed: {Pending} of {Total} studies left")]
    public static partial void Resumed(ILogger logger, string pullId, int pending, int total);

    [LoggerMessage(EventId = 708, Level = LogLevel.Warning, Message = "Pull {PullId} was left unfinished by a stop or a crash; it is marked interrupted until it resumes")]
    public static partial void FoundInterrupted(ILogger logger, string pullId);

    [LoggerMessage(EventId = 709, Level = LogLevel.Error, Message = "The pull state file {File} cannot be read; it is left as it is")]
    public static partial void Unreadable(ILogger logger, string file);

    [LoggerMessage(EventId = 710, Level = LogLevel.Error, Message = "Pull {PullId}: its state cannot be saved ({Problem})")]
    public static partial void SaveFailed(ILogger logger, string pullId, string problem);
}
