using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Dicom.Data;

namespace Edge.Pixels.Templates;

/// <summary>A region template file that cannot be used; the message names the file and the problem.</summary>
public sealed class RegionTemplateException(string message, Exception? inner = null) : PixelDataException(message, inner);

/// <summary>
/// Region templates loaded from JSON data, one list for a workspace:
/// <code>
/// { "templates": [
///   { "name": "Acme Sono 640x480 header", "manufacturer": "ACME*", "model": "SONO ?00", "modality": "US",
///     "rows": 480, "columns": 640, "regions": [[0, 0, 640, 40]], "ocr": false } ] }
/// </code>
/// Regions are [left, top, width, height] in frame pixels. Unknown keys are refused, so a typo never drops a region.
/// </summary>
public sealed class RegionTemplateSet
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public RegionTemplateSet(IReadOnlyList<RegionTemplate> templates) => Templates = templates;

    public static RegionTemplateSet Empty { get; } = new([]);

    public IReadOnlyList<RegionTemplate> Templates { get; }

    /// <exception cref="RegionTemplateException">The file cannot be read or is not a valid template list.</exception>
    public static RegionTemplateSet Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RegionTemplateException($"{path}: cannot read: {ex.Message}", ex);
        }
        return Parse(text, path);
    }

    public static RegionTemplateSet Parse(string json, string source)
    {
        TemplateFile? file;
        try
        {
            file = JsonSerializer.Deserialize<TemplateFile>(json, s_json);
        }
        catch (JsonException ex)
        {
            throw new RegionTemplateException($"{source}: {ex.Message}", ex);
        }
        if (file?.Templates is null)
        {
            throw new RegionTemplateException($"{source}: expected {{ \"templates\": [ ... ] }}");
        }
        var templates = new List<RegionTemplate>();
        for (var i = 0; i < file.Templates.Count; i++)
        {
            var t = file.Templates[i];
            var where = $"{source}: template {i + 1}";
            if (string.IsNullOrWhiteSpace(t.Name))
            {
                throw new RegionTemplateException($"{where}: needs a name");
            }
            if (t.Regions is not { Count: > 0 })
            {
                throw new RegionTemplateException($"{where} ({t.Name}): needs regions, each [left, top, width, height]");
            }
            var regions = new List<PixelRect>();
            foreach (var r in t.Regions)
            {
                if (r is not { Length: 4 } || r[2] <= 0 || r[3] <= 0 || r[0] < 0 || r[1] < 0)
                {
                    throw new RegionTemplateException($"{where} ({t.Name}): a region is [left, top, width, height] with positive width and height");
                }
                regions.Add(new PixelRect(r[0], r[1], r[2], r[3]));
            }
            templates.Add(new RegionTemplate
            {
                Name = t.Name,
                Manufacturer = t.Manufacturer,
                Model = t.Model,
                Modality = t.Modality,
                Rows = t.Rows,
                Columns = t.Columns,
                Regions = regions,
                Ocr = t.Ocr ?? true,
            });
        }
        return new RegionTemplateSet(templates);
    }

    /// <summary>The templates that apply to an instance (by its Manufacturer, model, Modality, Rows and Columns).</summary>
    public IReadOnlyList<RegionTemplate> Match(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (Templates.Count == 0)
        {
            return [];
        }
        var manufacturer = dataset.GetString(DicomTags.Manufacturer);
        var model = dataset.GetString(DicomTags.ManufacturerModelName);
        var modality = dataset.GetString(DicomTags.Modality);
        var rows = AttributeReader.UInt16(dataset, DicomTags.Rows, "Rows") ?? 0;
        var columns = AttributeReader.UInt16(dataset, DicomTags.Columns, "Columns") ?? 0;
        return [.. Templates.Where(t => t.Matches(manufacturer, model, modality, rows, columns))];
    }

    private sealed class TemplateFile
    {
        public List<TemplateEntry>? Templates { get; set; }
    }

    private sealed class TemplateEntry
    {
        public string? Name { get; set; }
        public string? Manufacturer { get; set; }
        public string? Model { get; set; }
        public string? Modality { get; set; }
        public int? Rows { get; set; }
        public int? Columns { get; set; }
        public List<int[]>? Regions { get; set; }
        public bool? Ocr { get; set; }
    }
}
