using System.Globalization;
using System.Text.Json;
using Edge.Cli.Output;
using Edge.Control.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Edge.Cli.Quarantine;

/// <summary>Quarantined items as tables for people and as the documented JSON "item" object.</summary>
public static class QuarantineViews
{
    public static void WriteJson(Utf8JsonWriter w, QuarantinedItem item)
    {
        w.WriteStartObject();
        w.WriteString("id", item.Id);
        w.WriteString("workspace", item.Workspace);
        w.WriteString("reason", JsonOutput.Word(item.Reason));
        w.WriteString("problem", item.Problem);
        w.WriteString("state", JsonOutput.Word(item.State));
        w.Instant("received_at", item.ReceivedAt);
        w.StringOrNull("calling_ae", item.CallingAe);
        w.StringOrNull("sop_class_uid", item.SopClassUid);
        w.StringOrNull("transfer_syntax_uid", item.TransferSyntaxUid);
        w.WriteNumber("size_bytes", item.SizeBytes);
        w.WriteNumber("frames", item.Frames);
        w.WriteNumber("retries", item.Retries);
        w.StringOrNull("stage", item.Stage);
        w.StringOrNull("sha256", item.Sha256);
        w.WriteStartArray("detected_regions");
        foreach (var region in item.DetectedRegions)
        {
            PixelRegions.WriteJson(w, region);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static Table List(IEnumerable<QuarantinedItem> items)
    {
        var table = Formats.Table("ID", "WORKSPACE", "REASON", "STAGE", "RECEIVED", "CALLING AE", "SIZE", "PROBLEM");
        foreach (var i in items)
        {
            table.AddRow(Formats.Cell(i.Id), Formats.Cell(i.Workspace), Formats.Cell(JsonOutput.Word(i.Reason)), Formats.Cell(i.Stage),
                Formats.Cell(Formats.Instant(i.ReceivedAt)), Formats.Cell(i.CallingAe), Formats.Cell(Formats.Bytes(i.SizeBytes)), Formats.Cell(i.Problem));
        }
        return table;
    }

    public static IRenderable Show(QuarantinedItem i) => Formats.Fields(
        ("Id", i.Id),
        ("Workspace", i.Workspace),
        ("Reason", JsonOutput.Word(i.Reason)),
        ("Problem", i.Problem),
        ("Stage", i.Stage),
        ("State", JsonOutput.Word(i.State)),
        ("Received", Formats.Instant(i.ReceivedAt)),
        ("Calling AE", i.CallingAe),
        ("SOP class", i.SopClassUid),
        ("Transfer syntax", i.TransferSyntaxUid),
        ("Size", Formats.Bytes(i.SizeBytes)),
        ("Frames", i.Frames == 0 ? null : i.Frames.ToString(CultureInfo.InvariantCulture)),
        ("Retries", i.Retries.ToString(CultureInfo.InvariantCulture)),
        ("SHA-256", i.Sha256),
        ("Detected regions", i.DetectedRegions.Count == 0 ? null : string.Join(' ', i.DetectedRegions.Select(PixelRegions.Text))));
}
