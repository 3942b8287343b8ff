namespace Edge.Ledger;

/// <summary>Checks names that come from administrators and configuration.</summary>
internal static class Naming
{
    public const int MaxWorkspaceName = 128;

    public static void RequireWorkspaceName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxWorkspaceName || name.Any(char.IsControl))
        {
            throw new LedgerException(
                $"A workspace name must be 1 to {MaxWorkspaceName} printable characters, not blank.");
        }
    }
}
