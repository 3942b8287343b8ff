namespace Edge.Pixels.Decision;

/// <summary>
/// The original identifying values of an instance, by how they are matched against what the OCR read: name parts,
/// identifiers (values with digits), dates in the spellings people write, other removed text. Never logged.
/// </summary>
public sealed record PixelIdentifiers(
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Ids,
    IReadOnlyList<string> Dates,
    IReadOnlyList<string> Other)
{
    public static PixelIdentifiers None { get; } = new([], [], [], []);
}
