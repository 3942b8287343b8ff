using System.Globalization;
using System.Text.Json;
using Edge.Cli.Output;
using Edge.Control.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Edge.Cli.Workspaces;

/// <summary>Workspaces as tables for people and as the documented JSON objects for scripts.</summary>
public static class WorkspaceViews
{
    /// <summary>The "workspace" JSON object; <paramref name="usage"/> adds its "usage" object (list and show).</summary>
    public static void WriteJson(Utf8JsonWriter w, Workspace workspace, WorkspaceUsage? usage)
    {
        w.WriteStartObject();
        w.WriteString("name", workspace.Name);
        w.WriteString("ae_title", workspace.AeTitle);
        w.WriteString("profile", workspace.Profile);
        w.WriteString("state", JsonOutput.Word(workspace.State));
        w.WriteStartArray("allowed_callers");
        foreach (var caller in workspace.AllowedCallers)
        {
            w.WriteStartObject();
            w.StringOrNull("ae_title", caller.AeTitle);
            w.StringOrNull("host", caller.Host);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("research_nodes");
        foreach (var node in workspace.ResearchNodes)
        {
            w.WriteStartObject();
            w.WriteString("ae_title", node.AeTitle);
            w.StringOrNull("host", node.Host);
            w.NumberOrNull("port", node.Port == 0 ? null : node.Port);
            w.WriteBoolean("find", node.AllowFind);
            w.WriteBoolean("get", node.AllowGet);
            w.WriteBoolean("move", node.AllowMove);
            w.WriteStartArray("move_destinations");
            foreach (var d in node.MoveDestinations)
            {
                w.WriteStartObject();
                w.WriteString("ae_title", d.AeTitle);
                w.WriteString("host", d.Host);
                w.WriteNumber("port", d.Port);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.Instant("retain_until", workspace.RetainUntil);
        w.NumberOrNull("quota_bytes", workspace.HasQuotaBytes ? workspace.QuotaBytes : null);
        w.StringOrNull("owner", workspace.Owner);
        w.StringOrNull("group", workspace.Group);
        w.Instant("created_at", workspace.CreatedAt);
        w.Instant("purged_at", workspace.PurgedAt);
        if (usage is not null)
        {
            w.WriteStartObject("usage");
            w.WriteNumber("patients", usage.Patients);
            w.WriteNumber("studies", usage.Studies);
            w.WriteNumber("series", usage.Series);
            w.WriteNumber("instances", usage.Instances);
            w.WriteNumber("bytes", usage.Bytes);
            w.WriteNumber("quarantined", usage.Quarantined);
            w.Instant("last_received_at", usage.LastReceivedAt);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    public static Table List(IEnumerable<WorkspaceDetails> workspaces)
    {
        var table = Formats.Table("NAME", "AE TITLE", "STATE", "PROFILE", "PATIENTS", "STUDIES", "INSTANCES", "SIZE", "QUARANTINED", "RETAIN UNTIL");
        foreach (var d in workspaces)
        {
            var w = d.Workspace;
            var u = d.Usage ?? new WorkspaceUsage();
            table.AddRow(Formats.Cell(w.Name), Formats.Cell(w.AeTitle), Formats.Cell(JsonOutput.Word(w.State)), Formats.Cell(w.Profile),
                Formats.Cell(Formats.Number(u.Patients)), Formats.Cell(Formats.Number(u.Studies)), Formats.Cell(Formats.Number(u.Instances)),
                Formats.Cell(Formats.Bytes(u.Bytes)), Formats.Cell(Formats.Number(u.Quarantined)), Formats.Cell(Formats.Date(w.RetainUntil)));
        }
        return table;
    }

    /// <summary>One workspace: its settings, then its usage when known, callers and research nodes.</summary>
    public static IRenderable Show(Workspace w, WorkspaceUsage? usage)
    {
        var fields = new List<(string, string?)>
        {
            ("Name", w.Name),
            ("AE title", w.AeTitle),
            ("State", JsonOutput.Word(w.State)),
            ("Profile", w.Profile),
            ("Retain until", Formats.Date(w.RetainUntil)),
            ("Quota", w.HasQuotaBytes ? Formats.Bytes(w.QuotaBytes) : "none"),
            ("Owner", Formats.OrNone(w.Owner) + ":" + Formats.OrNone(w.Group)),
            ("Created", Formats.Instant(w.CreatedAt)),
        };
        if (w.PurgedAt is not null)
        {
            fields.Add(("Purged", Formats.Instant(w.PurgedAt)));
        }
        if (usage is not null)
        {
            fields.Add(("Patients", Formats.Number(usage.Patients)));
            fields.Add(("Studies", Formats.Number(usage.Studies)));
            fields.Add(("Series", Formats.Number(usage.Series)));
            fields.Add(("Instances", Formats.Number(usage.Instances)));
            fields.Add(("Size", Formats.Bytes(usage.Bytes)));
            fields.Add(("Quarantined", Formats.Number(usage.Quarantined)));
        }
        var callers = Formats.Table("ALLOWED CALLER", "HOST");
        foreach (var c in w.AllowedCallers)
        {
            callers.AddRow(Formats.Cell(c.AeTitle.Length == 0 ? "any" : c.AeTitle), Formats.Cell(c.Host.Length == 0 ? "any" : c.Host));
        }
        var nodes = Formats.Table("RESEARCH NODE", "HOST", "PORT", "ACCESS", "MOVE DESTINATIONS");
        foreach (var n in w.ResearchNodes)
        {
            var access = string.Join(',', new[] { n.AllowFind ? "find" : null, n.AllowGet ? "get" : null, n.AllowMove ? "move" : null }.OfType<string>());
            var destinations = string.Join(' ', n.MoveDestinations.Select(d => $"{d.AeTitle}@{d.Host}:{d.Port.ToString(CultureInfo.InvariantCulture)}"));
            nodes.AddRow(Formats.Cell(n.AeTitle), Formats.Cell(n.Host.Length == 0 ? "any" : n.Host),
                Formats.Cell(n.Port == 0 ? null : n.Port.ToString(CultureInfo.InvariantCulture)), Formats.Cell(access), Formats.Cell(destinations));
        }
        return new Rows(Formats.Fields([.. fields]), callers, nodes);
    }
}
