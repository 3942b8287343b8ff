using System.Text;
using Google.Protobuf.Reflection;

namespace Edge.Control.Tests.Contracts;

/// <summary>
/// proto/proto.lock: every message, field, enum value, extension and method of the contract as one line
/// "kind key value", written from the compiled descriptors (exactly what goes on the wire, whatever the .proto text
/// looks like). A locked line may not change nor disappear; new lines may appear.
/// </summary>
internal static class ProtoLock
{
    public const string RepoPath = "proto/proto.lock";

    public const string UpdateVariable = "EDGE_UPDATE_PROTO_LOCK";

    private const string Header = $"""
        # The wire contract of proto/edge/control/v1, generated from the compiled descriptors. Lines may be added,
        # never changed or removed: a field number keeps its name and type, an enum number its name, a method its types.
        # After adding to the contract: {UpdateVariable}=1 dotnet test tests/Edge.Control.Tests --filter ProtoLock

        """;

    public static string Generate(IEnumerable<FileDescriptor> files)
    {
        var text = new StringBuilder(Header.ReplaceLineEndings("\n"));
        foreach (var file in files)
        {
            foreach (var message in file.MessageTypes)
            {
                AppendMessage(text, message);
            }
            foreach (var enumType in file.EnumTypes)
            {
                AppendEnum(text, enumType);
            }
            foreach (var extension in file.Extensions.UnorderedExtensions.OrderBy(e => e.FieldNumber))
            {
                text.Append($"extension {extension.ExtendeeType.FullName}.{extension.FieldNumber} {Describe(extension)}\n");
            }
            foreach (var service in file.Services)
            {
                text.Append($"service {service.FullName}\n");
                foreach (var method in service.Methods)
                {
                    text.Append($"rpc {service.FullName}.{method.Name} {Stream(method.IsClientStreaming)}{method.InputType.FullName}")
                        .Append($" -> {Stream(method.IsServerStreaming)}{method.OutputType.FullName}\n");
                }
            }
        }
        return text.ToString();
    }

    /// <summary>Every locked line the current contract changes or drops, in words; empty when compatible.</summary>
    public static IReadOnlyList<string> FindBreaks(string locked, string current)
    {
        var now = Parse(current);
        var breaks = new List<string>();
        foreach (var (key, value) in Parse(locked))
        {
            if (!now.TryGetValue(key, out var currentValue))
            {
                breaks.Add($"{key} was removed (it was '{value}')");
            }
            else if (currentValue != value)
            {
                breaks.Add($"{key} changed from '{value}' to '{currentValue}'");
            }
        }
        return breaks;
    }

    private static Dictionary<string, string> Parse(string text)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split(' ', 3);
            entries[$"{parts[0]} {parts[1]}"] = parts.Length == 3 ? parts[2] : "";
        }
        return entries;
    }

    private static void AppendMessage(StringBuilder text, MessageDescriptor message)
    {
        text.Append($"message {message.FullName}\n");
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            text.Append($"field {message.FullName}.{field.FieldNumber} {Describe(field)}\n");
        }
        foreach (var nested in message.NestedTypes)
        {
            AppendMessage(text, nested);
        }
        foreach (var enumType in message.EnumTypes)
        {
            AppendEnum(text, enumType);
        }
    }

    private static void AppendEnum(StringBuilder text, EnumDescriptor enumType)
    {
        text.Append($"enum {enumType.FullName}\n");
        foreach (var value in enumType.Values)
        {
            text.Append($"value {enumType.FullName}.{value.Number} {value.Name}\n");
        }
    }

    /// <summary>Name (part of the JSON form), cardinality, oneof membership and wire type of a field.</summary>
    private static string Describe(FieldDescriptor field)
    {
        var parts = new List<string> { field.Name };
        if (field.IsRepeated)
        {
            parts.Add("repeated");
        }
        else if (field.ToProto().Proto3Optional)
        {
            parts.Add("optional");
        }
        if (field.RealContainingOneof is { } oneof)
        {
            parts.Add($"oneof:{oneof.Name}");
        }
        parts.Add(field.FieldType switch
        {
            FieldType.Message or FieldType.Group => $"message:{field.MessageType.FullName}",
            FieldType.Enum => $"enum:{field.EnumType.FullName}",
            var scalar => scalar.ToString().ToLowerInvariant(),
        });
        return string.Join(' ', parts);
    }

    private static string Stream(bool streaming) => streaming ? "stream " : "";
}
