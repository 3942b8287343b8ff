using System.Text;
using Edge.Codegen.Parsing;

namespace Edge.Codegen.Generators;

/// <summary>
/// TCIA private tag knowledge base → daemon/Edge.Deid/Rules/Generated/TciaPrivateTagKb.Generated.cs: one
/// PrivateTagRule per private data element signature, for the Retain Safe Private Option.
/// </summary>
public static class TciaPrivateTagKbGenerator
{
    public const string OutputPath = "daemon/Edge.Deid/Rules/Generated/TciaPrivateTagKb.Generated.cs";

    /// <summary>How the published rows become rules; printed at the top of the generated file.</summary>
    private static readonly string[] s_rules =
    [
        "- Only rows whose last element is a private data element become rules. Rows ending in a public element inside",
        "  a private sequence follow Table E.1-1 like any public element; rows ending in a creator element say nothing.",
        "- Signatures are normalised: lower-case hex, creators trimmed and quoted, items marked [<depth>].",
        "- TCIA lists a signature once per VR seen; those rows merge into one rule. Its VR is the most frequent one other",
        "  than UN (ties to the first met), else UN. Its disposition is the most cautious of the rows' (delete, then na,",
        "  then the transforms, then keep): TCIA often keeps a typed element but deletes the same element met as UN.",
        "- Disposition codes are read trimmed and case-blind (' k', 'K', 'D'); an empty or unknown code means delete.",
    ];

    /// <summary>TCIA disposition codes → PrivateDisposition members, most cautious first.</summary>
    private static readonly (string Code, string Member)[] s_dispositions =
    [
        ("d", "Delete"),
        ("na", "NotApplicable"),
        ("oi", "OffsetInteger"),
        ("o", "OffsetDate"),
        ("h", "HashUid"),
        ("k", "Keep"),
    ];

    public static string Generate(string tciaCsvPath)
    {
        var rules = TciaPrivateTagCsv.Read(tciaCsvPath)
            .Where(r => r.Last.IsPrivateData)
            .GroupBy(r => r.Signature, StringComparer.Ordinal)
            .Select(g =>
            {
                var informative = g.Select(r => r.VR).Where(PrivateDictionaryGenerator.IsInformativeVR).ToList();
                var vr = informative.Count > 0 ? PrivateDictionaryGenerator.MostFrequent(informative) : "UN";
                var disposition = g.Select(r => Caution(r.Disposition)).Min();
                return (Signature: g.Key, Row: g.First(), VR: vr, Disposition: s_dispositions[disposition].Member);
            })
            .OrderBy(r => r.Signature, StringComparer.Ordinal)
            .ToList();

        var sb = new StringBuilder();
        var source = $"{StandardTables.TciaPrivateTagKb} (TCIA private tag knowledge base, edition {StandardTables.TciaEdition}, " +
            $"{rules.Count} rules)";
        CSharp.Header(sb, source, s_rules);
        sb.Append("using Edge.Dicom.Data;\n\n");
        sb.Append("namespace Edge.Deid.Rules;\n\n");
        sb.Append("/// <summary>The Cancer Imaging Archive's private tag knowledge base, edition ")
            .Append(StandardTables.TciaEdition).Append(".</summary>\n");
        sb.Append("public static class TciaPrivateTagKb\n{\n");
        sb.Append("    public const string Edition = ").Append(CSharp.Literal(StandardTables.TciaEdition)).Append(";\n\n");
        sb.Append("    public static PrivateTagKnowledgeBase Instance { get; } = new(Edition, CreateRules());\n\n");
        sb.Append("    private static PrivateTagRule[] CreateRules() =>\n    [\n");
        foreach (var (signature, row, vr, disposition) in rules)
        {
            var last = row.Last;
            sb.Append("        new(").Append(CSharp.Literal(last.Creator!)).Append(", ").Append(CSharp.Hex4(last.Group)).Append(", ")
                .Append(CSharp.Hex2(last.Offset)).Append(", DicomVR.").Append(vr).Append(", PrivateDisposition.").Append(disposition)
                .Append(", ").Append(CSharp.Literal(row.ElementName)).Append(", ").Append(CSharp.Literal(signature)).Append("),\n");
        }
        sb.Append("    ];\n}\n");
        return sb.ToString();
    }

    /// <summary>The index of a disposition code in <see cref="s_dispositions"/>: lower is more cautious.</summary>
    private static int Caution(string code)
    {
        var normalised = code.Trim().ToLowerInvariant();
        var index = Array.FindIndex(s_dispositions, d => d.Code == normalised);
        return index < 0 ? 0 : index;
    }
}
