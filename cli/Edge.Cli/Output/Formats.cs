using System.Globalization;
using System.Text.Json;
using Edge.Control.Wire;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Edge.Cli.Output;

/// <summary>How values read in tables for people: sizes in binary units, instants in UTC, empty as a dash.</summary>
public static class Formats
{
    public const string None = "-";

    public static string Bytes(ulong bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
            : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Instant(Timestamp? value) =>
        value is null ? None : value.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(Timestamp? value) =>
        value is null ? None : value.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Number(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string OrNone(string? value) => string.IsNullOrEmpty(value) ? None : value;

    /// <summary>A gRPC status as other gRPC tools print it: PERMISSION_DENIED.</summary>
    public static string Status(StatusCode code) => JsonNamingPolicy.SnakeCaseUpper.ConvertName(code.ToString());

    /// <summary>Plain text for a table cell: never read as Spectre markup, whatever brackets the value holds.</summary>
    public static IRenderable Cell(string? value) => new Text(OrNone(value));

    /// <summary>A two-column grid of labelled values (the "show" layout).</summary>
    public static Grid Fields(params (string Label, string? Value)[] fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (label, value) in fields)
        {
            grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), Cell(value));
        }
        return grid;
    }

    public static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }
        return table;
    }
}
