using System.Text.Json;

namespace Edge.Codegen.Generators;

/// <summary>
/// The shared input files and the edition of each, as recorded in ../shared/standard/README.md. The JSON files carry no
/// edition themselves, so it is stated here and printed into every generated file.
/// </summary>
public static class StandardTables
{
    public const string Attributes = "attributes.json";
    public const string Sops = "sops.json";
    public const string ConfidentialityProfile = "confidentiality_profile_attributes.json";
    public const string TciaPrivateTagKb = "TCIAPrivateTagKB-02-01-2024-formatted.csv";

    public const string InnoliticsEdition = "innolitics/dicom-standard commit 7f4749d, 2025-01-28";
    public const string ConfidentialityProfileEdition = "2024b";
    public const string TciaEdition = "2024-02-01";

    /// <summary>The objects of a JSON array whose members are all strings, as dictionaries.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ReadJsonObjects(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new List<IReadOnlyDictionary<string, string>>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in item.EnumerateObject())
            {
                row[p.Name] = p.Value.GetString()
                    ?? throw new FormatException($"{path}: member '{p.Name}' is null");
            }
            result.Add(row);
        }
        return result;
    }

    public static string Field(IReadOnlyDictionary<string, string> row, string name) =>
        row.TryGetValue(name, out var v) ? v : throw new FormatException($"A row lacks '{name}': {string.Join(", ", row)}");
}
