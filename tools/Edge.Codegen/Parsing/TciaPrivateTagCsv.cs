using System.Globalization;
using System.Text.RegularExpressions;

namespace Edge.Codegen.Parsing;

/// <summary>
/// One element of a TCIA signature pattern: a private element (group, creator, offset byte) or a public element
/// (group, element), such as a public sequence that encloses private elements or a public element inside a private
/// sequence.
/// </summary>
public sealed record SignatureComponent(ushort Group, ushort Element, string? Creator, byte Offset)
{
    public bool IsPrivateData => Creator is not null;

    /// <summary>The normalised text: lower-case hexadecimal as TCIA writes it, the creator trimmed and quoted.</summary>
    public override string ToString() =>
        Creator is null
            ? string.Create(CultureInfo.InvariantCulture, $"({Group:x4},{Element:x4})")
            : string.Create(CultureInfo.InvariantCulture, $"({Group:x4},\"{Creator}\",{Offset:x2})");
}

/// <summary>A row of TCIAPrivateTagKB: the element's path from the top-level dataset, its name, VR and disposition.</summary>
public sealed record TciaRow(IReadOnlyList<SignatureComponent> Path, string Name, string VR, string Disposition)
{
    public SignatureComponent Last => Path[^1];

    /// <summary>The normalised full signature: components joined by the item markers [&lt;n&gt;] TCIA uses.</summary>
    public string Signature => Signatures.Join(Path);

    /// <summary>The last segment of the colon-separated name chain, which names the element itself.</summary>
    public string ElementName => Name[(Name.LastIndexOf(':') + 1)..].Trim();
}

public static class Signatures
{
    public static string Join(IEnumerable<SignatureComponent> path) =>
        string.Concat(path.Select((c, i) => i == 0 ? c.ToString() : string.Create(CultureInfo.InvariantCulture, $"[<{i - 1}>]{c}")));
}

/// <summary>
/// Reads TCIAPrivateTagKB-02-01-2024-formatted.csv. Its pattern column is oddly quoted: the CSV layer leaves the opening
/// quote of a creator out, e.g. <c>(0019,SIEMENS MR HEADER",0c)</c>, and creators may hold commas
/// (<c>HOLOGIC, Inc.</c>), look like a tag (<c>0021,1000</c>) or be empty. A private component therefore ends at the
/// first <c>,hh)</c> followed by an item marker or the end of the pattern, and quotes around the creator are optional.
/// </summary>
public static partial class TciaPrivateTagCsv
{
    public static IReadOnlyList<TciaRow> Read(string path)
    {
        var records = Csv.Parse(File.ReadAllText(path));
        var header = records[0];
        string[] expected = ["element_sig_pattern", "tag_name", "vr", "private_disposition"];
        if (!header.SequenceEqual(expected))
        {
            throw new FormatException($"{path}: unexpected header '{string.Join(",", header)}'");
        }
        var rows = new List<TciaRow>(records.Count - 1);
        for (var i = 1; i < records.Count; i++)
        {
            var r = records[i];
            if (r.Count != 4)
            {
                throw new FormatException($"{path}: record {i + 1} has {r.Count} fields instead of 4");
            }
            rows.Add(new TciaRow(ParsePattern(r[0]), r[1], r[2].Trim(), r[3]));
        }
        return rows;
    }

    public static IReadOnlyList<SignatureComponent> ParsePattern(string pattern)
    {
        var components = new List<SignatureComponent>();
        var pos = 0;
        while (pos < pattern.Length)
        {
            var m = Component().Match(pattern, pos);
            if (!m.Success || m.Index != pos)
            {
                throw new FormatException($"Cannot read the signature pattern '{pattern}' at character {pos}");
            }
            var group = ushort.Parse(m.Groups["g"].Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (m.Groups["e"].Success)
            {
                var element = ushort.Parse(m.Groups["e"].Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                components.Add(new SignatureComponent(group, element, null, 0));
            }
            else
            {
                var offset = byte.Parse(m.Groups["o"].Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                components.Add(new SignatureComponent(group, 0, Unquote(m.Groups["c"].Value), offset));
            }
            if (m.Groups["d"].Success &&
                int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) != components.Count - 1)
            {
                throw new FormatException($"Item marker out of order in '{pattern}'");
            }
            pos = m.Index + m.Length;
        }
        if (components.Count == 0)
        {
            throw new FormatException("Empty signature pattern");
        }
        return components;
    }

    private static string Unquote(string creator)
    {
        var s = creator.Trim();
        if (s.StartsWith('"'))
        {
            s = s[1..];
        }
        if (s.EndsWith('"'))
        {
            s = s[..^1];
        }
        return s.Trim();
    }

    [GeneratedRegex("""\G\((?<g>[0-9a-fA-F]{4}),(?:(?<e>[0-9a-fA-F]{4})|(?<c>.*?),(?<o>[0-9a-fA-F]{2}))\)(?:\[<(?<d>[0-9]+)>\]|$)""",
        RegexOptions.CultureInvariant)]
    private static partial Regex Component();
}
