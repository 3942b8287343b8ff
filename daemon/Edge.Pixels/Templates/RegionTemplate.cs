using System.Text.RegularExpressions;

namespace Edge.Pixels.Templates;

/// <summary>
/// Where a device writes its overlay, as CTP's pixel anonymizer signatures describe it: instances of a manufacturer
/// and model (wildcards <c>*</c> and <c>?</c>, ignoring case), optionally a modality and an image size, get
/// <see cref="Regions"/> masked. <see cref="Ocr"/> false means the regions are known to hold all the text and OCR is
/// not needed; true means they are masked in addition to what OCR finds.
/// </summary>
public sealed record RegionTemplate
{
    public required string Name { get; init; }
    public string? Manufacturer { get; init; }
    public string? Model { get; init; }
    public string? Modality { get; init; }
    public int? Rows { get; init; }
    public int? Columns { get; init; }
    public required IReadOnlyList<PixelRect> Regions { get; init; }
    public bool Ocr { get; init; } = true;

    public bool Matches(string? manufacturer, string? model, string? modality, int rows, int columns) =>
        Like(Manufacturer, manufacturer) && Like(Model, model) && Like(Modality, modality)
        && (Rows is null || Rows == rows) && (Columns is null || Columns == columns);

    private static bool Like(string? pattern, string? value)
    {
        if (pattern is null)
        {
            return true;
        }
        if (value is null)
        {
            return false;
        }
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value.Trim(), regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
