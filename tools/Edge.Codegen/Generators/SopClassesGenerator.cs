using System.Text;

namespace Edge.Codegen.Generators;

/// <summary>sops.json → daemon/Edge.Dicom/Data/Generated/SopClasses.Generated.cs, in the standard's order.</summary>
public static class SopClassesGenerator
{
    public const string OutputPath = "daemon/Edge.Dicom/Data/Generated/SopClasses.Generated.cs";

    public static string Generate(string sopsJsonPath)
    {
        var rows = StandardTables.ReadJsonObjects(sopsJsonPath)
            .Select(r => (Uid: StandardTables.Field(r, "id").Trim(), Name: StandardTables.Field(r, "name").Trim(),
                Iod: StandardTables.Field(r, "ciod").Trim()))
            .ToList();
        var duplicate = rows.GroupBy(r => r.Uid, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"{sopsJsonPath}: UID {duplicate.Key} appears more than once");
        }
        var sb = new StringBuilder();
        CSharp.Header(sb, $"{StandardTables.Sops} (DICOM SOP classes, {rows.Count} entries; {StandardTables.InnoliticsEdition})");
        sb.Append("namespace Edge.Dicom.Data;\n\n");
        sb.Append("public static partial class SopClasses\n{\n");
        sb.Append("    private static SopClass[] GeneratedSopClasses() =>\n    [\n");
        foreach (var (uid, name, iod) in rows)
        {
            sb.Append("        new(").Append(CSharp.Literal(uid)).Append(", ").Append(CSharp.Literal(name)).Append(", ")
                .Append(CSharp.Literal(iod)).Append("),\n");
        }
        sb.Append("    ];\n}\n");
        return sb.ToString();
    }
}
