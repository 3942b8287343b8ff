namespace Edge.Workspaces;

/// <summary>Where workspaces live and how much room they must leave; the defaults suit one gateway host.</summary>
public sealed class WorkspaceOptions
{
    /// <summary>The daemon's state directory: <c>workspaces.json</c> and <c>index/NAME.db</c> live here.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>
    /// Root of the workspace trees, <c>ROOT/NAME/STUDY/SERIES/INSTANCE.dcm</c>, with staging in <c>ROOT/.staging/NAME</c>
    /// (same file system, so publishing is a rename). Default <c>STATE/workspaces</c>.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Free bytes the disk must keep: below it, instances are refused as "out of resources". Default 1 GiB.</summary>
    public long FreeSpaceReserveBytes { get; init; } = 1L << 30;

    /// <summary>How long an index connection waits for a lock before failing. Default 30 s.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal string DataRoot => Path.GetFullPath(DataDirectory ?? Path.Combine(StateDirectory, "workspaces"));

    internal string IndexDirectory => Path.Combine(Path.GetFullPath(StateDirectory), "index");

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(StateDirectory))
        {
            throw new WorkspaceDefinitionException("The state directory must be given.");
        }
        if (DataDirectory is not null && string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new WorkspaceDefinitionException("The workspace data directory must not be blank.");
        }
        if (FreeSpaceReserveBytes < 0 || BusyTimeout <= TimeSpan.Zero)
        {
            throw new WorkspaceDefinitionException("The free-space reserve must not be negative and the busy timeout must be above zero.");
        }
    }
}
