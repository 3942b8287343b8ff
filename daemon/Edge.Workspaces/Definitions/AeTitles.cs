namespace Edge.Workspaces.Definitions;

/// <summary>
/// AE titles (PS3.5 AE): up to 16 characters of the default repertoire without backslash or control characters,
/// leading and trailing spaces insignificant, never only spaces. Case matters.
/// </summary>
public static class AeTitles
{
    public const int MaxLength = 16;

    /// <summary>The significant part: leading and trailing spaces removed.</summary>
    public static string Normalise(string aeTitle) => aeTitle.Trim(' ');

    /// <summary>Same AE title once trimmed; case-sensitive, as DICOM compares them.</summary>
    public static bool Same(string a, string b) => string.Equals(Normalise(a), Normalise(b), StringComparison.Ordinal);

    public static bool IsValid(string? aeTitle)
    {
        if (aeTitle is null)
        {
            return false;
        }
        var trimmed = Normalise(aeTitle);
        return trimmed.Length is > 0 and <= MaxLength && trimmed.All(c => c is >= ' ' and <= '~' and not '\\');
    }

    /// <exception cref="WorkspaceDefinitionException">The AE title is invalid; <paramref name="field"/> names it.</exception>
    public static void Require(string? aeTitle, string field)
    {
        if (!IsValid(aeTitle))
        {
            throw new WorkspaceDefinitionException(
                $"{field} must be an AE title: 1 to {MaxLength} printable ASCII characters, no backslash, not only spaces.");
        }
    }
}

/// <summary>Workspace names: they become a directory and an index file name, so a strict, portable alphabet.</summary>
public static class WorkspaceNames
{
    public const int MaxLength = 40;

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');

    /// <exception cref="WorkspaceDefinitionException">The name is invalid.</exception>
    public static void Require(string? name)
    {
        if (!IsValid(name))
        {
            throw new WorkspaceDefinitionException(
                $"A workspace name must be 1 to {MaxLength} characters of a-z, 0-9, '_' and '-' (got \"{name}\").");
        }
    }
}
