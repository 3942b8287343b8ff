namespace Edge.Daemon.Pull;

/// <summary>Where a pull stands (edge.control.v1.PullState without UNSPECIFIED).</summary>
public enum PullState
{
    /// <summary>Recorded, not started yet.</summary>
    Queued,

    /// <summary>Asking the PACS which studies match (C-FIND).</summary>
    Finding,

    /// <summary>Asking the PACS to send the studies to the workspace (C-MOVE), study by study.</summary>
    Moving,

    Completed,

    /// <summary>Ended with failed studies, or the PACS could not be reached; resuming retries what failed.</summary>
    Failed,

    /// <summary>Stopped by a shutdown or a crash; resuming continues it.</summary>
    Interrupted,

    /// <summary>Cancelled on request; resuming continues it.</summary>
    Cancelled,
}

public static class PullStates
{
    /// <summary>True once the pull does nothing more until it is resumed.</summary>
    public static bool IsFinished(this PullState state) => state is PullState.Completed or PullState.Failed or PullState.Interrupted or PullState.Cancelled;
}

/// <summary>
/// A pull's progress: studies the C-FIND matched and what became of them, and the instances the PACS reported sent
/// (completed), failed and sent with warnings, for the latest attempt at each study.
/// </summary>
/// <param name="Problem">What went wrong, in words for an administrator; never an identifier of the selection.</param>
public sealed record PullProgress(string PullId, PullState State, int StudiesTotal, int StudiesDone, int StudiesFailed,
    long InstancesReceived, long InstancesFailed, long InstancesWarning, DateTimeOffset UpdatedAt, string? Problem);

/// <summary>A pull as listed: who asked for it, when, for which workspace, and its progress.</summary>
public sealed record PullSummary(string PullId, string Workspace, string RequestedBy, DateTimeOffset CreatedAt, PullProgress Progress);

/// <summary>A request to pull studies from the PACS into a workspace.</summary>
/// <param name="RequestedBy">Who asked (user name or uid), kept with the pull.</param>
/// <param name="Reason">Why, for the audit trail; kept with the pull.</param>
public sealed record PullRequest(string Workspace, PullSelection Selection, string RequestedBy, string? Reason = null);
