namespace Edge.Workspaces.Query;

/// <summary>
/// How a request is read and answered beyond its identifier: the information model of its SOP class, what the
/// association negotiated, and where the workspace's instances are.
/// </summary>
public sealed record QueryOptions
{
    /// <summary>The model of the request's SOP class; null skips the level check (the index answers every level).</summary>
    public QueryModel? Model { get; init; }

    /// <summary>Returned as Retrieve AE Title (0008,0054) in every response (PS3.4 C.4.1.1.3.2): the workspace's AE title.</summary>
    public string? RetrieveAeTitle { get; init; }

    /// <summary>
    /// Combined date and time range matching (PS3.4 C.2.2.2.5), when the association negotiated it: a StudyDate and
    /// a StudyTime key of which one is a range form one date-time range instead of two independent ones.
    /// </summary>
    public bool CombinedDateTimeMatching { get; init; }

    /// <summary>
    /// The workspace's directory. When given, keys the index does not keep (sequences of simple keys, and other
    /// attributes) are matched and returned from the header of each match's first instance; without it they are
    /// unsupported optional keys: not matched, returned empty.
    /// </summary>
    public string? InstanceDirectory { get; init; }
}
