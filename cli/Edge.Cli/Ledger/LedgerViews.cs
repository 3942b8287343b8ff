using System.Globalization;
using System.Text.Json;
using Edge.Cli.Output;
using Edge.Control.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Edge.Cli.Ledger;

/// <summary>Answers of the ledger for people and as the documented JSON for scripts.</summary>
public static class LedgerViews
{
    public static void WriteJson(Utf8JsonWriter w, ReidentifiedPatient p)
    {
        w.WriteStartObject();
        w.WriteString("patient_id", p.PatientId);
        w.StringOrNull("issuer", p.Issuer);
        w.StringOrNull("name", p.Name);
        w.StringOrNull("birth_date", p.BirthDate);
        w.WriteString("pseudonym", p.Pseudonym);
        w.WriteNumber("date_offset_days", p.DateOffsetDays);
        w.Instant("first_seen", p.FirstSeen);
        w.Instant("last_seen", p.LastSeen);
        w.WriteStartArray("studies");
        foreach (var s in p.Studies)
        {
            w.WriteStartObject();
            w.WriteString("original_uid", s.OriginalUid);
            w.WriteString("pseudonymised_uid", s.PseudonymisedUid);
            w.StringOrNull("original_accession_number", s.OriginalAccessionNumber);
            w.StringOrNull("pseudonymised_accession_number", s.PseudonymisedAccessionNumber);
            w.StringOrNull("original_study_date", s.OriginalStudyDate);
            w.StringOrNull("pseudonymised_study_date", s.PseudonymisedStudyDate);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static IRenderable Patient(ReidentifiedPatient p)
    {
        var fields = Formats.Fields(
            ("Patient ID", p.PatientId),
            ("Issuer", p.Issuer),
            ("Name", p.Name),
            ("Birth date", p.BirthDate),
            ("Pseudonym", p.Pseudonym),
            ("Date offset", p.DateOffsetDays.ToString(CultureInfo.InvariantCulture) + " days"),
            ("First seen", Formats.Instant(p.FirstSeen)),
            ("Last seen", Formats.Instant(p.LastSeen)));
        var studies = Formats.Table("STUDY UID", "PSEUDONYMISED UID", "ACCESSION", "PSEUDONYMISED ACCESSION", "DATE", "PSEUDONYMISED DATE");
        foreach (var s in p.Studies)
        {
            studies.AddRow(Formats.Cell(s.OriginalUid), Formats.Cell(s.PseudonymisedUid), Formats.Cell(s.OriginalAccessionNumber),
                Formats.Cell(s.PseudonymisedAccessionNumber), Formats.Cell(s.OriginalStudyDate), Formats.Cell(s.PseudonymisedStudyDate));
        }
        return new Rows(fields, studies);
    }

    public static void WriteJson(Utf8JsonWriter w, AuditEntry e)
    {
        w.WriteStartObject();
        w.WriteNumber("sequence", e.Sequence);
        w.Instant("at", e.At);
        w.WriteString("kind", e.Kind);
        w.WriteString("actor", e.Actor);
        w.StringOrNull("workspace", e.Workspace);
        w.StringOrNull("reason", e.Reason);
        w.RawJson("detail", e.DetailJson.Length == 0 ? "{}" : e.DetailJson);
        w.WriteEndObject();
    }

    public static Table Audit(IEnumerable<AuditEntry> entries)
    {
        var table = Formats.Table("SEQ", "AT", "KIND", "ACTOR", "WORKSPACE", "REASON", "DETAIL");
        foreach (var e in entries)
        {
            table.AddRow(Formats.Cell(e.Sequence.ToString(CultureInfo.InvariantCulture)), Formats.Cell(Formats.Instant(e.At)), Formats.Cell(e.Kind),
                Formats.Cell(e.Actor), Formats.Cell(e.Workspace), Formats.Cell(e.Reason), Formats.Cell(e.DetailJson));
        }
        return table;
    }
}
