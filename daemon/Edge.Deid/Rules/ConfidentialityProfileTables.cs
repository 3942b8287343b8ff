using System.Diagnostics.CodeAnalysis;

namespace Edge.Deid.Rules;

/// <summary>
/// The editions of Table E.1-1 Edge carries. Every edition is kept so a configuration can pin one, and the edition used
/// is recorded with each de-identified instance.
/// </summary>
public static class ConfidentialityProfileTables
{
    public static IReadOnlyList<ConfidentialityProfileTable> All { get; } = [ConfidentialityProfile2024b.Instance];

    public static ConfidentialityProfileTable Latest => ConfidentialityProfile2024b.Instance;

    public static bool TryGet(string edition, [NotNullWhen(true)] out ConfidentialityProfileTable? table)
    {
        table = All.FirstOrDefault(t => string.Equals(t.Edition, edition.Trim(), StringComparison.OrdinalIgnoreCase));
        return table is not null;
    }

    public static ConfidentialityProfileTable Get(string edition) =>
        TryGet(edition, out var table)
            ? table
            : throw new ArgumentException(
                $"No Table E.1-1 edition '{edition}'; known: {string.Join(", ", All.Select(t => t.Edition))}", nameof(edition));
}
