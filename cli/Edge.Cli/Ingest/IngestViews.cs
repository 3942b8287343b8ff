using System.Globalization;
using System.Text.Json;
using Edge.Cli.Output;
using Edge.Control.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Edge.Cli.Ingest;

/// <summary>Ingest status and events as tables and lines for people, and as the documented JSON for scripts.</summary>
public static class IngestViews
{
    public static void WriteJson(Utf8JsonWriter w, IngestStatus status)
    {
        w.WriteStartObject();
        w.Instant("at", status.At);
        w.WriteStartArray("associations");
        foreach (var a in status.Associations)
        {
            WriteJson(w, a);
        }
        w.WriteEndArray();
        var t = status.Throughput ?? new IngestThroughput();
        w.WriteStartObject("throughput");
        w.WriteNumber("instances_per_second", t.InstancesPerSecond);
        w.WriteNumber("bytes_per_second", t.BytesPerSecond);
        w.WriteNumber("window_seconds", t.WindowSeconds);
        w.WriteNumber("instances_stored", t.InstancesStored);
        w.WriteNumber("instances_failed", t.InstancesFailed);
        w.WriteNumber("instances_quarantined", t.InstancesQuarantined);
        w.WriteNumber("associations_accepted", t.AssociationsAccepted);
        w.WriteNumber("associations_rejected", t.AssociationsRejected);
        w.WriteEndObject();
        w.WriteStartArray("recent_errors");
        foreach (var e in status.RecentErrors)
        {
            WriteJson(w, e);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>One event as one JSON line: "at", "event" (its kind), and an object under the kind's name.</summary>
    public static void WriteJson(Utf8JsonWriter w, IngestEvent e)
    {
        w.WriteStartObject();
        w.Instant("at", e.At);
        var kind = Kind(e);
        w.WriteString("event", kind);
        w.WritePropertyName(kind);
        switch (e.EventCase)
        {
            case IngestEvent.EventOneofCase.Snapshot:
                WriteJson(w, e.Snapshot);
                break;
            case IngestEvent.EventOneofCase.AssociationOpened:
                WriteJson(w, e.AssociationOpened);
                break;
            case IngestEvent.EventOneofCase.AssociationClosed:
                WriteJson(w, e.AssociationClosed);
                break;
            case IngestEvent.EventOneofCase.InstanceStored:
                var s = e.InstanceStored;
                w.WriteStartObject();
                w.WriteNumber("association_id", s.AssociationId);
                w.WriteString("workspace", s.Workspace);
                w.StringOrNull("sop_class_uid", s.SopClassUid);
                w.StringOrNull("study_instance_uid", s.StudyInstanceUid);
                w.StringOrNull("sop_instance_uid", s.SopInstanceUid);
                w.WriteNumber("bytes", s.Bytes);
                w.WriteEndObject();
                break;
            case IngestEvent.EventOneofCase.Error:
                WriteJson(w, e.Error);
                break;
            default:
                w.WriteNullValue();
                break;
        }
        w.WriteEndObject();
    }

    /// <summary>The "event" value: snapshot, association_opened, association_closed, instance_stored, error (unknown for newer kinds).</summary>
    public static string Kind(IngestEvent e) => e.EventCase == IngestEvent.EventOneofCase.None ? "unknown" : JsonOutput.Word(e.EventCase);

    public static IRenderable Status(IngestStatus status)
    {
        var t = status.Throughput ?? new IngestThroughput();
        var fields = Formats.Fields(
            ("At", Formats.Instant(status.At)),
            ("Stored", $"{Formats.Number(t.InstancesStored)} instances ({Rate(t.InstancesPerSecond)}/s, {Formats.Bytes((ulong)t.BytesPerSecond)}/s over {t.WindowSeconds} s)"),
            ("Failed", Formats.Number(t.InstancesFailed)),
            ("Quarantined", Formats.Number(t.InstancesQuarantined)),
            ("Associations", $"{status.Associations.Count} open, {Formats.Number(t.AssociationsAccepted)} accepted, {Formats.Number(t.AssociationsRejected)} rejected"));
        var associations = Formats.Table("ID", "CALLING AE", "CALLED AE", "WORKSPACE", "PEER", "OPENED", "STORED", "FAILED", "RECEIVED");
        foreach (var a in status.Associations)
        {
            associations.AddRow(Formats.Cell(a.Id.ToString(CultureInfo.InvariantCulture)), Formats.Cell(a.CallingAe), Formats.Cell(a.CalledAe),
                Formats.Cell(a.Workspace), Formats.Cell(a.PeerHost), Formats.Cell(Formats.Instant(a.OpenedAt)),
                Formats.Cell(Formats.Number(a.InstancesStored)), Formats.Cell(Formats.Number(a.InstancesFailed)), Formats.Cell(Formats.Bytes(a.BytesReceived)));
        }
        var errors = Formats.Table("AT", "WORKSPACE", "CALLING AE", "STATUS", "PROBLEM", "QUARANTINE ID");
        foreach (var e in status.RecentErrors)
        {
            errors.AddRow(Formats.Cell(Formats.Instant(e.At)), Formats.Cell(e.Workspace), Formats.Cell(e.CallingAe),
                Formats.Cell(e.DimseStatus == 0 ? null : $"0x{e.DimseStatus:X4}"), Formats.Cell(e.Problem), Formats.Cell(e.QuarantineId));
        }
        return new Rows(fields, new Text("Open associations"), associations, new Text("Recent errors"), errors);
    }

    /// <summary>One event as one line for people watching.</summary>
    public static string Line(IngestEvent e)
    {
        var what = e.EventCase switch
        {
            IngestEvent.EventOneofCase.Snapshot => Summary(e.Snapshot),
            IngestEvent.EventOneofCase.AssociationOpened => $"{e.AssociationOpened.CallingAe} → {e.AssociationOpened.CalledAe} ({e.AssociationOpened.Workspace}) from {e.AssociationOpened.PeerHost}",
            IngestEvent.EventOneofCase.AssociationClosed => $"{e.AssociationClosed.CallingAe} → {e.AssociationClosed.CalledAe}: {e.AssociationClosed.InstancesStored} stored, {e.AssociationClosed.InstancesFailed} failed",
            IngestEvent.EventOneofCase.InstanceStored => $"{e.InstanceStored.Workspace} {e.InstanceStored.SopInstanceUid}",
            IngestEvent.EventOneofCase.Error => $"{e.Error.Workspace} from {e.Error.CallingAe}: {e.Error.Problem}",
            _ => "",
        };
        return $"{Formats.Instant(e.At)}  {Kind(e),-18} {what}";
    }

    private static string Summary(IngestStatus s)
    {
        var t = s.Throughput ?? new IngestThroughput();
        return $"{s.Associations.Count} associations open, {Formats.Number(t.InstancesStored)} stored ({Rate(t.InstancesPerSecond)}/s), {Formats.Number(t.InstancesFailed)} failed, {Formats.Number(t.InstancesQuarantined)} quarantined";
    }

    private static string Rate(double perSecond) => perSecond.ToString("0.##", CultureInfo.InvariantCulture);

    private static void WriteJson(Utf8JsonWriter w, Association a)
    {
        w.WriteStartObject();
        w.WriteNumber("id", a.Id);
        w.WriteString("calling_ae", a.CallingAe);
        w.WriteString("called_ae", a.CalledAe);
        w.StringOrNull("workspace", a.Workspace);
        w.StringOrNull("peer_host", a.PeerHost);
        w.Instant("opened_at", a.OpenedAt);
        w.WriteNumber("instances_stored", a.InstancesStored);
        w.WriteNumber("instances_failed", a.InstancesFailed);
        w.WriteNumber("bytes_received", a.BytesReceived);
        w.WriteEndObject();
    }

    private static void WriteJson(Utf8JsonWriter w, IngestError e)
    {
        w.WriteStartObject();
        w.Instant("at", e.At);
        w.StringOrNull("workspace", e.Workspace);
        w.StringOrNull("calling_ae", e.CallingAe);
        w.NumberOrNull("dimse_status", e.DimseStatus == 0 ? null : e.DimseStatus);
        w.WriteString("problem", e.Problem);
        w.StringOrNull("quarantine_id", e.QuarantineId);
        w.WriteEndObject();
    }
}
