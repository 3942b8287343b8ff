using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Edge.Daemon.Configuration;

/// <summary>A configuration that cannot be used: the message names the key and the problem.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>
/// Reads the JSON configuration strictly: unknown keys and wrong types are errors naming the key path, with the
/// nearest known key suggested; then every value is validated. The embedded default is a resource of this assembly.
/// </summary>
public static class ConfigurationLoader
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    public static string EmbeddedDefaultText()
    {
        using var stream = typeof(ConfigurationLoader).Assembly.GetManifestResourceStream("Edge.Daemon.default-config.json")
            ?? throw new InvalidOperationException("The embedded default configuration is missing from this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static EdgeConfiguration LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: cannot read: {ex.Message}");
        }
        return Parse(text, path);
    }

    public static EdgeConfiguration Parse(string text, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{source}: not valid JSON at line {ex.LineNumber + 1}: {ex.Message}");
        }
        if (root is not JsonObject obj)
        {
            throw new ConfigurationException($"{source}: the configuration must be a JSON object");
        }
        CheckKeys(obj, typeof(EdgeConfiguration), "", source);
        EdgeConfiguration config;
        try
        {
            config = obj.Deserialize<EdgeConfiguration>(Json) ?? new EdgeConfiguration();
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{source}: {Path(ex.Path)}: {ex.Message.Split(" Path:")[0]}");
        }
        ConfigurationValidator.Validate(config, source);
        return config;
    }

    private static string Path(string? jsonPath) => (jsonPath ?? "$").TrimStart('$').TrimStart('.');

    /// <summary>Every key must be a property of the section it sits in.</summary>
    private static void CheckKeys(JsonObject obj, Type type, string path, string source)
    {
        var props = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            var here = path.Length == 0 ? key : $"{path}.{key}";
            if (!props.TryGetValue(key, out var prop))
            {
                var suggestion = props.Keys.OrderBy(k => Distance(k, key)).First();
                var hint = Distance(suggestion, key) <= Math.Max(2, key.Length / 3) ? $" (did you mean '{suggestion}'?)" : "";
                throw new ConfigurationException($"{source}: {here}: unknown key{hint}; known keys here: {string.Join(", ", props.Keys)}");
            }
            var t = Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType;
            if (value is JsonObject child && IsSection(t))
            {
                CheckKeys(child, t, here, source);
            }
            else if (value is JsonArray array && t.IsGenericType && typeof(IList).IsAssignableFrom(t) && IsSection(t.GetGenericArguments()[0]))
            {
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject item)
                    {
                        CheckKeys(item, t.GetGenericArguments()[0], $"{here}[{i}]", source);
                    }
                }
            }
        }
    }

    private static bool IsSection(Type t) => t.IsClass && t != typeof(string) && t.Namespace == typeof(EdgeConfiguration).Namespace;

    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>The effective configuration as JSON, every [Sensitive] value masked.</summary>
    public static string Describe(EdgeConfiguration config)
    {
        var node = JsonSerializer.SerializeToNode(config, Json)!;
        Mask(node, config.GetType());
        return node.ToJsonString(Json);
    }

    private static void Mask(JsonNode node, Type type)
    {
        if (node is JsonArray array && type.IsGenericType)
        {
            foreach (var item in array)
            {
                if (item is not null)
                {
                    Mask(item, type.GetGenericArguments()[0]);
                }
            }
            return;
        }
        if (node is not JsonObject obj)
        {
            return;
        }
        foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = JsonNamingPolicy.CamelCase.ConvertName(prop.Name);
            if (!obj.TryGetPropertyValue(key, out var child) || child is null)
            {
                continue;
            }
            if (prop.GetCustomAttribute<SensitiveAttribute>() is not null)
            {
                obj[key] = "***";
                continue;
            }
            Mask(child, Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType);
        }
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
