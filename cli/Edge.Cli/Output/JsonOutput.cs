using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Cli.Output;

/// <summary>
/// The conventions of every --json answer: snake_case keys always present, null for what is absent, numbers as JSON
/// numbers, instants in RFC 3339 UTC ("2026-11-22T01:20:39Z"), enumerations as lower-case words.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteDocument(TextWriter output, Action<Utf8JsonWriter> write, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            write(writer);
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Flush();
    }

    /// <summary>The value, or null when empty (the contract's way of saying "none").</summary>
    public static void StringOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>The number, or null when absent.</summary>
    public static void NumberOrNull(this Utf8JsonWriter writer, string name, ulong? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>The object <paramref name="write"/> writes for the value, or null when absent.</summary>
    public static void ObjectOrNull<T>(this Utf8JsonWriter writer, string name, T? value, Action<Utf8JsonWriter, T> write) where T : class
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WritePropertyName(name);
            write(writer, value);
        }
    }

    public static void Instant(this Utf8JsonWriter writer, string name, Timestamp? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, Format(value));
        }
    }

    public static string Format(Timestamp value) =>
        value.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A contract enumeration as a word: WorkspaceState.Active → "active", HealthStatus.NotServing → "not_serving".</summary>
    public static string Word(System.Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>A JSON text from the daemon written as a JSON value (an object for scripts to read), or as a string when it is not JSON.</summary>
    public static void RawJson(this Utf8JsonWriter writer, string name, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            writer.WritePropertyName(name);
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteString(name, json);
        }
    }
}
