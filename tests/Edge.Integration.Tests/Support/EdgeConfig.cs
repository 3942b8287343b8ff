using System.Text.Json;
using System.Text.Json.Nodes;

namespace Edge.Integration.Tests.Support;

/// <summary>One workspace of a test configuration: its called AE title and who may store into it.</summary>
public sealed record WorkspaceSpec(string Name, string AeTitle, IReadOnlyList<string>? AllowedCallingAeTitles = null, double? QuotaGb = null);

/// <summary>
/// Writes an edged configuration file as an administrator would (the README's reference): loopback only, a small
/// free-space reserve so that a test machine's disk does not decide statuses, and the given workspaces.
/// </summary>
public static class EdgeConfig
{
    public static string Write(string directory, IReadOnlyList<WorkspaceSpec> workspaces, int idleTimeoutSeconds = 30, int artimTimeoutSeconds = 10)
    {
        var config = new JsonObject
        {
            ["dicom"] = new JsonObject
            {
                ["bindAddress"] = "127.0.0.1",
                ["idleTimeoutSeconds"] = idleTimeoutSeconds,
                ["artimTimeoutSeconds"] = artimTimeoutSeconds,
            },
            ["storage"] = new JsonObject { ["freeSpaceReserveMb"] = 16 },
            ["workspaces"] = new JsonArray(workspaces.Select(Workspace).ToArray()),
        };
        var path = Path.Combine(directory, "edge.json");
        File.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static JsonNode Workspace(WorkspaceSpec w)
    {
        var callers = (w.AllowedCallingAeTitles ?? ["*"]).Select(ae => (JsonNode)new JsonObject { ["aeTitle"] = ae, ["host"] = "127.0.0.1" });
        var node = new JsonObject
        {
            ["name"] = w.Name,
            ["aeTitle"] = w.AeTitle,
            ["profile"] = "research-default",
            ["allowedCallers"] = new JsonArray(callers.ToArray()),
        };
        if (w.QuotaGb is { } quota)
        {
            node["quotaGb"] = quota;
        }
        return node;
    }
}
