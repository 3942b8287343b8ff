namespace Edge.Pixels;

/// <summary>Photometric Interpretation (0028,0004) values Edge handles (PS3.3 C.7.6.3.1.2).</summary>
public enum Photometric
{
    Monochrome1,
    Monochrome2,
    PaletteColor,
    Rgb,
    YbrFull,
    YbrFull422,
    YbrPartial422,
    YbrPartial420,
    YbrIct,
    YbrRct,
}

public static class PhotometricNames
{
    private static readonly (Photometric Value, string Name)[] s_names =
    [
        (Photometric.Monochrome1, "MONOCHROME1"),
        (Photometric.Monochrome2, "MONOCHROME2"),
        (Photometric.PaletteColor, "PALETTE COLOR"),
        (Photometric.Rgb, "RGB"),
        (Photometric.YbrFull, "YBR_FULL"),
        (Photometric.YbrFull422, "YBR_FULL_422"),
        (Photometric.YbrPartial422, "YBR_PARTIAL_422"),
        (Photometric.YbrPartial420, "YBR_PARTIAL_420"),
        (Photometric.YbrIct, "YBR_ICT"),
        (Photometric.YbrRct, "YBR_RCT"),
    ];

    /// <summary>The defined term as written in a dataset.</summary>
    public static string ToDicom(this Photometric value) => s_names.First(n => n.Value == value).Name;

    public static bool TryParse(string? text, out Photometric value)
    {
        foreach (var (v, name) in s_names)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static bool IsMonochrome(this Photometric value) => value is Photometric.Monochrome1 or Photometric.Monochrome2;

    /// <summary>Three-sample interpretations (colour spaces other than palette).</summary>
    public static bool IsColor(this Photometric value) => value is not (Photometric.Monochrome1 or Photometric.Monochrome2 or Photometric.PaletteColor);

    /// <summary>Chroma subsampled horizontally by two in native data: two luminance samples share one Cb and one Cr.</summary>
    public static bool IsSubsampled(this Photometric value) => value is Photometric.YbrFull422 or Photometric.YbrPartial422;
}
