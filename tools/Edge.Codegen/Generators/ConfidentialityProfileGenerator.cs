using System.Text;
using Edge.Codegen.Parsing;

namespace Edge.Codegen.Generators;

/// <summary>
/// PS3.15 Table E.1-1 → daemon/Edge.Deid/Rules/Generated/ConfidentialityProfile2024b.Generated.cs, a
/// ConfidentialityProfileTable for edition 2024b. The published table is taken as is except for the hand-made
/// exceptions in <see cref="s_exceptions"/>, which are also listed at the top of the generated file.
/// </summary>
public static class ConfidentialityProfileGenerator
{
    public const string OutputPath = "daemon/Edge.Deid/Rules/Generated/ConfidentialityProfile2024b.Generated.cs";

    private const string ClassName = "ConfidentialityProfile2024b";

    /// <summary>Matches every odd group: the row for all private attributes.</summary>
    private static readonly TagPattern s_oddGroups = new(0x00010000, 0x00010000);

    private static readonly HandMadeException[] s_exceptions =
    [
        new("(GGGG,EEEE) WHERE GGGG IS ODD",
            "not a tag but all private attributes: emitted as PrivateAttributesRow (mask 0x00010000, every odd group), not in Rows.",
            r => r with { Pattern = s_oddGroups, IsPrivateAttributes = true }),
        new("(0088,0200)",
            "the name cell carries its note reference, \"Icon Image Sequence\\n\\n(see Note 11)\": cut at the line break.",
            r => r with { Name = r.Name[..r.Name.IndexOf('\n', StringComparison.Ordinal)].Trim() }),
    ];

    /// <summary>Table E.1-1 action codes → DeidAction members.</summary>
    private static readonly Dictionary<string, string> s_actions = new(StringComparer.Ordinal)
    {
        ["K"] = "Keep",
        ["X"] = "Remove",
        ["Z"] = "Zero",
        ["D"] = "Dummy",
        ["C"] = "Clean",
        ["U"] = "ReplaceUid",
        ["X/Z"] = "RemoveOrZero",
        ["X/D"] = "RemoveOrDummy",
        ["Z/D"] = "ZeroOrDummy",
        ["X/Z/D"] = "RemoveZeroOrDummy",
        ["X/Z/U*"] = "RemoveZeroOrReplaceUid",
    };

    /// <summary>Option columns of the JSON → DeidOption members, in the enum's order.</summary>
    private static readonly (string Column, string Option)[] s_options =
    [
        ("rtnSafePrivOpt", "RetainSafePrivate"),
        ("rtnUIDsOpt", "RetainUids"),
        ("rtnDevIdOpt", "RetainDeviceIdentity"),
        ("rtnInstIdOpt", "RetainInstitutionIdentity"),
        ("rtnPatCharsOpt", "RetainPatientCharacteristics"),
        ("rtnLongFullDatesOpt", "RetainLongitudinalFullDates"),
        ("rtnLongModifDatesOpt", "RetainLongitudinalModifiedDates"),
        ("cleanDescOpt", "CleanDescriptors"),
        ("cleanStructContOpt", "CleanStructuredContent"),
        ("cleanGraphOpt", "CleanGraphics"),
    ];

    private static readonly HashSet<string> s_rowColumns = new(StringComparer.Ordinal) { "name", "tag", "id", "stdCompIOD", "basicProfile" };

    public static string Generate(string profileJsonPath)
    {
        var rows = ReadRows(profileJsonPath);
        var privateRow = rows.Single(r => r.IsPrivateAttributes);
        var tagRows = rows.Where(r => !r.IsPrivateAttributes)
            .OrderBy(r => r.Pattern!.Value.Tag)
            .ThenBy(r => r.Pattern!.Value.Mask)
            .ToList();

        var notes = new List<string>
        {
            $"{tagRows.Count} tag rows plus the private attributes row. Tag texts are trimmed; repeating groups",
            "(50XX,XXXX), (60XX,3000), (60XX,4000) match even groups only (their masks keep the group's lowest bit).",
            "Hand-made exceptions to the published table:",
        };
        notes.AddRange(s_exceptions.Select(e => $"- {e.Tag}: {e.Change}"));

        var sb = new StringBuilder();
        var source = $"{StandardTables.ConfidentialityProfile} (DICOM PS3.15 Table E.1-1, " +
            $"edition {StandardTables.ConfidentialityProfileEdition}, {rows.Count} rows)";
        CSharp.Header(sb, source, notes);
        sb.Append("using Edge.Dicom.Data;\n\n");
        sb.Append("namespace Edge.Deid.Rules;\n\n");
        sb.Append("/// <summary>PS3.15 Table E.1-1, Application Level Confidentiality Profile Attributes, edition ")
            .Append(StandardTables.ConfidentialityProfileEdition).Append(".</summary>\n");
        sb.Append("public sealed class ").Append(ClassName).Append(" : ConfidentialityProfileTable\n{\n");
        sb.Append("    private ").Append(ClassName).Append("()\n        : base(").Append(CSharp.Literal(StandardTables.ConfidentialityProfileEdition))
            .Append(", CreateRows(), CreatePrivateAttributesRow())\n    {\n    }\n\n");
        sb.Append("    public static ").Append(ClassName).Append(" Instance { get; } = new();\n\n");
        sb.Append("    private static ProfileRow CreatePrivateAttributesRow() =>\n        ").Append(RowExpression(privateRow)).Append(";\n\n");
        sb.Append("    private static ProfileRow[] CreateRows() =>\n    [\n");
        foreach (var r in tagRows)
        {
            sb.Append("        ").Append(RowExpression(r)).Append(",\n");
        }
        sb.Append("    ];\n}\n");
        return sb.ToString();
    }

    private static List<Row> ReadRows(string path)
    {
        var used = new HashSet<HandMadeException>();
        var rows = new List<Row>();
        foreach (var raw in StandardTables.ReadJsonObjects(path))
        {
            var unknown = raw.Keys.FirstOrDefault(k => !s_rowColumns.Contains(k) && !s_options.Any(o => o.Column == k));
            if (unknown is not null)
            {
                throw new FormatException($"{path}: unknown column '{unknown}'");
            }
            var row = new Row(
                StandardTables.Field(raw, "tag").Trim(),
                null,
                StandardTables.Field(raw, "name").Trim(),
                ParseYesNo(StandardTables.Field(raw, "stdCompIOD")),
                Action(StandardTables.Field(raw, "basicProfile")),
                s_options.Where(o => raw.ContainsKey(o.Column)).Select(o => (o.Option, Action(raw[o.Column]))).ToList(),
                false);
            var exception = s_exceptions.SingleOrDefault(e => e.Tag == row.TagText);
            if (exception is not null)
            {
                used.Add(exception);
                row = exception.Apply(row);
            }
            row = row with { Pattern = row.Pattern ?? TagPattern.Parse(row.TagText) };
            if (row.Name.Contains('\n', StringComparison.Ordinal) || row.Name.Contains('\r', StringComparison.Ordinal))
            {
                throw new FormatException($"{path}: the name of {row.TagText} spans lines; add a hand-made exception");
            }
            rows.Add(row);
        }
        var stale = s_exceptions.FirstOrDefault(e => !used.Contains(e));
        if (stale is not null)
        {
            throw new FormatException($"{path}: the hand-made exception for {stale.Tag} matches no row; remove it");
        }
        var duplicate = rows.GroupBy(r => r.Pattern).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"{path}: {duplicate.First().TagText} appears more than once");
        }
        return rows;
    }

    private static string RowExpression(Row r)
    {
        var p = r.Pattern!.Value;
        var options = r.Options.Count == 0
            ? "NoOptions"
            : "Options(" + string.Join(", ", r.Options.Select(o => $"(DeidOption.{o.Option}, DeidAction.{o.Action})")) + ")";
        return $"new({CSharp.Tag(p.Tag)}, {CSharp.Hex8(p.Mask)}, {CSharp.Literal(r.Name)}, " +
            $"{CSharp.Bool(r.InStandardCompositeIod)}, DeidAction.{r.Basic}, {options})";
    }

    private static string Action(string code) =>
        s_actions.TryGetValue(code.Trim(), out var action) ? action : throw new FormatException($"Unknown action code '{code}'");

    private static bool ParseYesNo(string text) => text.Trim() switch
    {
        "Y" => true,
        "N" => false,
        var other => throw new FormatException($"Expected Y or N, not '{other}'"),
    };

    private sealed record Row(
        string TagText,
        TagPattern? Pattern,
        string Name,
        bool InStandardCompositeIod,
        string Basic,
        IReadOnlyList<(string Option, string Action)> Options,
        bool IsPrivateAttributes);

    /// <summary>A deliberate departure from the published table, with what it changes and why.</summary>
    private sealed record HandMadeException(string Tag, string Change, Func<Row, Row> Apply);
}
