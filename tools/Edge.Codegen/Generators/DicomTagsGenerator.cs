using System.Text;

namespace Edge.Codegen.Generators;

/// <summary>
/// PS3.6 keywords → daemon/Edge.Dicom/Data/Dictionary/Generated/DicomTags.Generated.cs: one field per non-repeating
/// entry that has a keyword, retired ones included.
/// </summary>
public static class DicomTagsGenerator
{
    public const string OutputPath = "daemon/Edge.Dicom/Data/Dictionary/Generated/DicomTags.Generated.cs";

    public static string Generate(string attributesJsonPath)
    {
        var rows = DicomDictionaryGenerator.ReadAttributes(attributesJsonPath)
            .Where(a => !a.Tag.IsRepeating && a.Keyword.Length > 0)
            .ToList();
        foreach (var a in rows.Where(a => !IsIdentifier(a.Keyword)))
        {
            throw new FormatException($"Keyword '{a.Keyword}' of {a.Tag} is not a C# identifier");
        }
        var sb = new StringBuilder();
        CSharp.Header(sb, $"{StandardTables.Attributes} (DICOM PS3.6 keywords, {rows.Count} tags; {StandardTables.InnoliticsEdition})");
        sb.Append("namespace Edge.Dicom.Data;\n\n");
        sb.Append("public static partial class DicomTags\n{\n");
        foreach (var a in rows)
        {
            sb.Append("    public static readonly DicomTag ").Append(a.Keyword).Append(" = new(")
                .Append(CSharp.Hex4(a.Tag.Group)).Append(", ").Append(CSharp.Hex4(a.Tag.Element)).Append(");\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    private static bool IsIdentifier(string s) =>
        char.IsAsciiLetter(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
