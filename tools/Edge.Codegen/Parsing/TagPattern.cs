using System.Globalization;

namespace Edge.Codegen.Parsing;

/// <summary>
/// A tag as the standard's tables write it, "(0010,0010)" or with 'x' for repeating digits, "(60XX,3000)".
/// <see cref="Tag"/> has 0 where x is and <see cref="Mask"/> has 0 bits there, so a tag t matches when
/// (t &amp; Mask) == Tag.
/// </summary>
public readonly record struct TagPattern(uint Tag, uint Mask)
{
    public const uint Exact = 0xFFFFFFFF;

    // Repeating groups (50xx curves, 60xx overlays, 7Fxx variable pixel data) are even groups only (PS3.5 7.6);
    // keeping the group's lowest bit in the mask stops them from matching private (odd) groups such as (6001,3000).
    private const uint GroupParityBit = 0x00010000;

    public ushort Group => (ushort)(Tag >> 16);

    public ushort Element => (ushort)Tag;

    public bool IsRepeating => Mask != Exact;

    public static TagPattern Parse(string text)
    {
        var s = text.Trim();
        if (s.Length != 11 || s[0] != '(' || s[5] != ',' || s[10] != ')')
        {
            throw new FormatException($"'{text}' is not a tag pattern like (gggg,eeee)");
        }
        var digits = string.Concat(s.AsSpan(1, 4), s.AsSpan(6, 4));
        uint tag = 0;
        uint mask = 0;
        foreach (var d in digits)
        {
            tag <<= 4;
            mask <<= 4;
            if (d is 'x' or 'X')
            {
                continue;
            }
            if (!uint.TryParse(d.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
            {
                throw new FormatException($"'{text}' has a digit that is neither hexadecimal nor x");
            }
            tag |= v;
            mask |= 0xF;
        }
        if ((mask & 0xFFFF0000) != 0xFFFF0000)
        {
            mask |= GroupParityBit;
        }
        return new TagPattern(tag, mask);
    }
}
