using System.Text;
using Edge.Codegen.Parsing;

namespace Edge.Codegen.Generators;

/// <summary>One row of attributes.json, parsed.</summary>
public sealed record AttributeRow(TagPattern Tag, string Keyword, string Name, IReadOnlyList<string> VRs, string VM, bool Retired);

/// <summary>
/// PS3.6 data dictionary → daemon/Edge.Dicom/Data/Dictionary/Generated/DicomDictionary.Generated.cs. Every entry is
/// kept, including the few with an empty keyword. "US or SS" style VRs become alternatives; an empty VR and
/// "See Note 2" (the item and delimitation tags, which have no VR) become none.
/// </summary>
public static class DicomDictionaryGenerator
{
    public const string OutputPath = "daemon/Edge.Dicom/Data/Dictionary/Generated/DicomDictionary.Generated.cs";

    private static readonly HashSet<string> s_knownVRs = new(StringComparer.Ordinal)
    {
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
        "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    };

    public static bool IsKnownVR(string code) => s_knownVRs.Contains(code);

    /// <summary>The rows of attributes.json in tag order (masked entries by their zero-filled tag).</summary>
    public static IReadOnlyList<AttributeRow> ReadAttributes(string attributesJsonPath) =>
        StandardTables.ReadJsonObjects(attributesJsonPath)
            .Select(r => new AttributeRow(
                TagPattern.Parse(StandardTables.Field(r, "tag")),
                StandardTables.Field(r, "keyword").Trim(),
                StandardTables.Field(r, "name").Trim(),
                ParseVRs(StandardTables.Field(r, "valueRepresentation")),
                StandardTables.Field(r, "valueMultiplicity").Trim(),
                ParseRetired(StandardTables.Field(r, "retired"))))
            .OrderBy(a => a.Tag.Tag)
            .ThenBy(a => a.Tag.Mask)
            .ToList();

    public static string Generate(string attributesJsonPath)
    {
        var rows = ReadAttributes(attributesJsonPath);
        var sb = new StringBuilder();
        CSharp.Header(sb, $"{StandardTables.Attributes} (DICOM PS3.6 data dictionary, {rows.Count} entries; {StandardTables.InnoliticsEdition})");
        sb.Append("namespace Edge.Dicom.Data;\n\n");
        sb.Append("public static partial class DicomDictionary\n{\n");
        sb.Append("    private static readonly DicomDictionaryEntry[] GeneratedEntries =\n    [\n");
        foreach (var a in rows)
        {
            var vrs = string.Join(", ", a.VRs.Select(v => "DicomVR." + v));
            sb.Append("        new(").Append(CSharp.Tag(a.Tag.Tag)).Append(", ").Append(CSharp.Hex8(a.Tag.Mask)).Append(", ")
                .Append(CSharp.Literal(a.Keyword)).Append(", ").Append(CSharp.Literal(a.Name)).Append(", [").Append(vrs).Append("], ")
                .Append(CSharp.Literal(a.VM)).Append(", ").Append(CSharp.Bool(a.Retired)).Append("),\n");
        }
        sb.Append("    ];\n}\n");
        return sb.ToString();
    }

    private static List<string> ParseVRs(string text)
    {
        var t = text.Trim();
        if (t.Length == 0 || t.StartsWith("See Note", StringComparison.Ordinal))
        {
            return [];
        }
        var vrs = t.Split(" or ", StringSplitOptions.TrimEntries).ToList();
        foreach (var vr in vrs.Where(v => !IsKnownVR(v)))
        {
            throw new FormatException($"Unknown VR '{vr}' in '{text}'");
        }
        return vrs;
    }

    private static bool ParseRetired(string text) => text.Trim() switch
    {
        "Y" => true,
        "N" or "" => false,
        var other => throw new FormatException($"Unexpected retired flag '{other}'"),
    };
}
