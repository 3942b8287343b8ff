using System.Globalization;

namespace Edge.Workspaces.Indexing;

/// <summary>
/// Normal forms that make DICOM values comparable in SQL: dates as YYYYMMDD, times as HHMMSS.FFFFFF (so string order
/// is time order), person names upper-cased without trailing empty components.
/// </summary>
internal static class DicomValues
{
    /// <summary>YYYYMMDD from DA (also the ACR-NEMA YYYY.MM.DD form); '' when it is not a date.</summary>
    public static string DateKey(string value)
    {
        var digits = value.Replace(".", "", StringComparison.Ordinal).Trim();
        return digits.Length == 8 && digits.All(char.IsAsciiDigit) ? digits : "";
    }

    /// <summary>
    /// HHMMSS.FFFFFF from TM (also the ACR-NEMA HH:MM:SS form), missing parts filled with <paramref name="fill"/>
    /// ('0' for the start of what a partial time denotes, '9' for its end); '' when it is not a time.
    /// </summary>
    public static string TimeKey(string value, char fill = '0')
    {
        var text = value.Replace(":", "", StringComparison.Ordinal).Trim();
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        if (whole.Length is not (2 or 4 or 6) || !whole.All(char.IsAsciiDigit) || fraction.Length > 6
            || !fraction.All(char.IsAsciiDigit) || (fraction.Length > 0 && whole.Length != 6))
        {
            return "";
        }
        var maxMinutesSeconds = fill == '9' ? "5959" : "0000";
        whole += maxMinutesSeconds[..(6 - whole.Length)];
        return whole + "." + fraction.PadRight(6, fill);
    }

    /// <summary>A person name folded for case-insensitive matching (PS3.4 C.2.2.2.1 allows it).</summary>
    public static string FoldName(string value) => value.TrimEnd('^', ' ', '=').ToUpperInvariant();

    /// <summary>An IS value as an integer; null when absent or not an integer.</summary>
    public static long? Integer(string? value) =>
        long.TryParse(value?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}
