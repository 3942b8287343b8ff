using System.Text.Json;
using System.Text.Json.Nodes;

namespace Edge.QueryRetrieve.Tests.Support;

/// <summary>Writes an edged configuration file: loopback listener, no disk reserve, the given workspaces and PACS.</summary>
internal static class EdgeConfig
{
    public static JsonObject Workspace(string name, string aeTitle, JsonArray allowedCallers, JsonArray researchNodes) => new()
    {
        ["name"] = name,
        ["aeTitle"] = aeTitle,
        ["allowedCallers"] = allowedCallers,
        ["researchNodes"] = researchNodes,
    };

    public static JsonObject Caller(string aeTitle) => new() { ["aeTitle"] = aeTitle, ["host"] = "127.0.0.1" };

    public static JsonObject Node(string aeTitle, params JsonObject[] moveDestinations)
    {
        var node = new JsonObject { ["aeTitle"] = aeTitle, ["host"] = "127.0.0.1" };
        if (moveDestinations.Length > 0)
        {
            node["moveDestinations"] = new JsonArray(moveDestinations);
        }
        return node;
    }

    public static JsonObject Destination(string aeTitle, int port) => new() { ["aeTitle"] = aeTitle, ["host"] = "127.0.0.1", ["port"] = port };

    public static string Write(string path, JsonArray workspaces, JsonObject? pacs = null)
    {
        var config = new JsonObject
        {
            ["dicom"] = new JsonObject { ["bindAddress"] = "127.0.0.1" },
            ["storage"] = new JsonObject { ["freeSpaceReserveMb"] = 0 },
            ["workspaces"] = workspaces,
        };
        if (pacs is not null)
        {
            config["pacs"] = pacs;
        }
        File.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
