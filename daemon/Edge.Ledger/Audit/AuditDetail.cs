using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Edge.Ledger.Audit;

/// <summary>Builds the JSON detail of an event from ordered pairs (the stored text is what the chain hashes).</summary>
internal static class AuditDetail
{
    public const string Empty = "{}";

    // One buffer and writer per thread: the writer thread builds one detail per stored instance.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Json)? _scratch;

    public static string Of(params ReadOnlySpan<(string Key, string? Value)> pairs) => Of(null, pairs);

    /// <summary>The pairs, then (when given) <paramref name="counts"/> as an object under "actions", keys sorted.</summary>
    public static string Of(IReadOnlyDictionary<string, int>? counts, params ReadOnlySpan<(string Key, string? Value)> pairs)
    {
        var (buffer, json) = _scratch ??= NewScratch();
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        foreach (var (key, value) in pairs)
        {
            json.WriteString(key, value);
        }
        if (counts is { Count: > 0 })
        {
            json.WriteStartObject("actions");
            foreach (var (key, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(key, count);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewScratch()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        return (buffer, new Utf8JsonWriter(buffer));
    }
}
