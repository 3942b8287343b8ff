namespace Edge.Daemon.Pull;

/// <summary>What became of one study of a pull.</summary>
internal enum StudyPullState
{
    Pending,
    Done,
    Failed,
}

/// <summary>One study the C-FIND matched, and the counts of the latest C-MOVE of it.</summary>
internal sealed class StudyRecord
{
    public required string StudyInstanceUid { get; init; }

    /// <summary>Needed for a Patient Root C-MOVE; empty when the PACS did not return it.</summary>
    public string PatientId { get; init; } = "";

    public StudyPullState State { get; set; }

    public int Completed { get; set; }

    public int Failed { get; set; }

    public int Warning { get; set; }
}

/// <summary>
/// A pull as kept in <c>STATE/pulls/ID.json</c>: the request, the studies found, what became of each, and the pull's
/// state. It holds hospital identifiers, so the file is private to the daemon (0600 in a 0700 directory).
/// </summary>
internal sealed class PullRecord
{
    public required string Id { get; init; }

    public required string Workspace { get; init; }

    public required string RequestedBy { get; init; }

    public string? Reason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required PullSelection Selection { get; init; }

    public PullState State { get; set; }

    public string? Problem { get; set; }

    /// <summary>True once the C-FIND completed: <see cref="Studies"/> is the whole list and a resume moves without finding again.</summary>
    public bool Found { get; set; }

    /// <summary>How many keys of the selection the PACS found no study for (told, never named).</summary>
    public int KeysWithoutStudy { get; set; }

    public List<StudyRecord> Studies { get; init; } = [];

    public PullProgress Progress() => new(Id, State, Studies.Count,
        Studies.Count(s => s.State == StudyPullState.Done), Studies.Count(s => s.State == StudyPullState.Failed),
        Studies.Sum(s => (long)s.Completed), Studies.Sum(s => (long)s.Failed), Studies.Sum(s => (long)s.Warning), UpdatedAt, Problem);

    public PullSummary Summary() => new(Id, Workspace, RequestedBy, CreatedAt, Progress());
}
