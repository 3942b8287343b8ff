using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Edge.Deid.Profiles;

/// <summary>
/// The canonical text of a profile (every setting, sorted) and its hash, so the DeidentificationMethod of an output
/// names exactly the rules that produced it.
/// </summary>
internal static class ProfileCanon
{
    public static DeidProfile WithHash(DeidProfile p) => new()
    {
        Name = p.Name,
        TableEdition = p.TableEdition,
        Options = p.Options,
        PseudonymPrefix = p.PseudonymPrefix,
        PseudonymLength = p.PseudonymLength,
        DateShiftMinDays = p.DateShiftMinDays,
        DateShiftMaxDays = p.DateShiftMaxDays,
        ShiftTimes = p.ShiftTimes,
        BirthDate = p.BirthDate,
        CleanPixelData = p.CleanPixelData,
        Pixels = p.Pixels,
        Overrides = p.Overrides,
        Hash = Hash(p),
    };

    public static string Text(DeidProfile p)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"table={p.TableEdition}\n");
        sb.Append(inv, $"options={string.Join(',', p.Options.Select(o => o.ToString()).Order(StringComparer.Ordinal))}\n");
        sb.Append(inv, $"pseudonym={p.PseudonymPrefix}/{p.PseudonymLength}\n");
        sb.Append(inv, $"dates={p.DateShiftMinDays}..{p.DateShiftMaxDays} times={p.ShiftTimes} birth={p.BirthDate}\n");
        sb.Append(inv, $"pixels={p.CleanPixelData}\n");
        if (!p.Pixels.IsDefault)
        {
            // Only a non-default policy is written, so the hashes of profiles from before the policy existed stay.
            var x = p.Pixels;
            sb.Append(inv, $"pixel-policy mask={x.Mask} risky={string.Join('\\', x.RiskyImageTypes)} ctmr={x.ImageTypeRuleOnCtMr} edge={x.EdgeCheck} confidence={x.MinConfidence} templates={x.TemplatesFile}\n");
        }
        foreach (var o in p.Overrides.OrderBy(o => o.Tag.Value).ThenBy(o => o.Mask))
        {
            sb.Append(inv, $"override {o.Tag} {o.Mask:X8} {o.Kind} value={o.Value} bands={string.Join(',', o.Bands)} default={o.MapDefault}");
            foreach (var (k, v) in o.Map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                sb.Append(inv, $" {k}={v}");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string Hash(DeidProfile p) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(p))))[..12];
}
