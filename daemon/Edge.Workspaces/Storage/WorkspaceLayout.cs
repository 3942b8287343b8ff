namespace Edge.Workspaces.Storage;

/// <summary>
/// Where one workspace's pieces are: its tree <c>ROOT/NAME</c>, its staging directory <c>ROOT/.staging/NAME</c>
/// (same file system as the tree, outside it) and its index <c>STATE/index/NAME.db</c>.
/// </summary>
internal sealed class WorkspaceLayout
{
    public const string StagingDirectoryName = ".staging";
    public const string StagingExtension = ".part";

    public WorkspaceLayout(WorkspaceOptions options, string name)
    {
        Root = options.DataRoot;
        WorkspaceDirectory = Path.Combine(Root, name);
        StagingRoot = Path.Combine(Root, StagingDirectoryName);
        StagingDirectory = Path.Combine(StagingRoot, name);
        IndexDirectory = options.IndexDirectory;
        IndexPath = Path.Combine(IndexDirectory, name + ".db");
    }

    public string Root { get; }
    public string WorkspaceDirectory { get; }
    public string StagingRoot { get; }
    public string StagingDirectory { get; }
    public string IndexDirectory { get; }
    public string IndexPath { get; }

    /// <summary>The SQLite files of the index: the database and, while open, its WAL and shared memory.</summary>
    public IEnumerable<string> IndexFiles => [IndexPath, IndexPath + "-wal", IndexPath + "-shm"];

    /// <summary>The absolute path of a path relative to the workspace, refused if it would leave the tree.</summary>
    /// <exception cref="InvalidUidException">The path leaves the workspace directory.</exception>
    public string FullPath(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(WorkspaceDirectory, relativePath));
        if (!full.StartsWith(WorkspaceDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidUidException($"The path {relativePath} leaves the workspace.");
        }
        return full;
    }

    /// <summary>The path relative to the workspace directory, with '/' separators.</summary>
    public string RelativePath(string fullPath) =>
        Path.GetRelativePath(WorkspaceDirectory, fullPath).Replace(Path.DirectorySeparatorChar, '/');
}
