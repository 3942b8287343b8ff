using System.Text;
using Edge.Codegen.Parsing;

namespace Edge.Codegen.Generators;

/// <summary>
/// TCIA private tag knowledge base → daemon/Edge.Dicom/Data/Dictionary/Generated/PrivateDictionary.Generated.cs: the VR
/// of each private element (creator, group, offset byte), wherever it is nested, so implicit-VR private data can be
/// typed. Only rows whose last element is a private data element count; UN and empty VRs say nothing and are skipped.
/// When rows disagree the most frequent VR wins, ties going to the one met first.
/// </summary>
public static class PrivateDictionaryGenerator
{
    public const string OutputPath = "daemon/Edge.Dicom/Data/Dictionary/Generated/PrivateDictionary.Generated.cs";

    public static string Generate(string tciaCsvPath)
    {
        var entries = TciaPrivateTagCsv.Read(tciaCsvPath)
            .Where(r => r.Last.IsPrivateData && IsInformativeVR(r.VR))
            .GroupBy(r => (Creator: r.Last.Creator!, r.Last.Group, r.Last.Offset))
            .Select(g =>
            {
                var vr = MostFrequent(g.Select(r => r.VR));
                return (g.Key, VR: vr, Name: g.First(r => r.VR == vr).ElementName);
            })
            .OrderBy(e => e.Key.Group)
            .ThenBy(e => e.Key.Creator, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Offset)
            .ToList();

        var sb = new StringBuilder();
        CSharp.Header(sb, $"{StandardTables.TciaPrivateTagKb} (TCIA private tag knowledge base {StandardTables.TciaEdition}, " +
            $"{entries.Count} private elements with a known VR)");
        sb.Append("namespace Edge.Dicom.Data;\n\n");
        sb.Append("public static partial class DicomDictionary\n{\n");
        sb.Append("    private static readonly PrivateDictionaryEntry[] GeneratedPrivateEntries =\n    [\n");
        foreach (var (key, vr, name) in entries)
        {
            sb.Append("        new(").Append(CSharp.Literal(key.Creator)).Append(", ").Append(CSharp.Hex4(key.Group)).Append(", ")
                .Append(CSharp.Hex2(key.Offset)).Append(", DicomVR.").Append(vr).Append(", ").Append(CSharp.Literal(name)).Append("),\n");
        }
        sb.Append("    ];\n}\n");
        return sb.ToString();
    }

    /// <summary>A real VR that tells something about the value: not UN, not empty.</summary>
    public static bool IsInformativeVR(string vr) => vr != "UN" && DicomDictionaryGenerator.IsKnownVR(vr);

    /// <summary>The most frequent value; ties go to the one that occurs first.</summary>
    public static string MostFrequent(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.GroupBy(v => v, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => list.IndexOf(g.Key))
            .First().Key;
    }
}
