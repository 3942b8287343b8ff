namespace Edge.Codegen;

/// <summary>The repository root: the first directory holding Edge.sln above the working directory or the program.</summary>
public static class RepoRoot
{
    public static string Find() =>
        Above(Directory.GetCurrentDirectory()) ?? Above(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("Edge.sln not found above the working directory; run from the repository.");

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
