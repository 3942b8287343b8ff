using System.Globalization;
using System.Text;

namespace Edge.Deid.Engine;

/// <summary>
/// Moves dates by whole days and times of day by a fixed number of seconds modulo 24 h. Because every date of a
/// patient moves by the same number of days and no time ever carries into its date, every interval in days between
/// two dates (DA, or the date part of DT) is exactly what it was. Precision is kept: a year-only DT stays year-only.
/// A value that cannot be read returns null, and the caller empties it rather than keep an unshifted date.
/// </summary>
internal sealed class TemporalShifter(int days, int seconds)
{
    public int Days => days;

    public int Seconds => seconds;

    /// <summary>DA values, multi-valued or ranges ("20200101-20200131"); legacy "YYYY.MM.DD" comes out as YYYYMMDD.</summary>
    public string? ShiftDate(string value) => MapValues(value, ShiftOneDate, ranges: true);

    public string? ShiftTime(string value) => MapValues(value, ShiftOneTime, ranges: false);

    /// <summary>DT values; a sign after the date is a UTC offset, kept as it is.</summary>
    public string? ShiftDateTime(string value) => MapValues(value, ShiftOneDateTime, ranges: false);

    private static string? MapValues(string value, Func<string, string?> one, bool ranges)
    {
        var values = value.Split('\\');
        var sb = new StringBuilder(value.Length + 4);
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('\\');
            }
            var v = values[i].Trim(' ', '\0');
            if (v.Length == 0)
            {
                continue;
            }
            var dash = ranges ? v.IndexOf('-', StringComparison.Ordinal) : -1;
            // A date range (query form): "A-B", "-B" or "A-".
            if (dash >= 0)
            {
                var left = dash > 0 ? one(v[..dash]) : "";
                var right = dash < v.Length - 1 ? one(v[(dash + 1)..]) : "";
                if (left is null || right is null)
                {
                    return null;
                }
                sb.Append(left).Append('-').Append(right);
                continue;
            }
            var shifted = one(v);
            if (shifted is null)
            {
                return null;
            }
            sb.Append(shifted);
        }
        return sb.ToString();
    }

    private string? ShiftOneDate(string v)
    {
        var digits = v.Length == 10 && v[4] == '.' && v[7] == '.' ? v.Replace(".", "", StringComparison.Ordinal) : v;
        if (digits.Length != 8 || !DateOnly.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return null;
        }
        return Shift(d)?.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    }

    private DateOnly? Shift(DateOnly d)
    {
        var dayNumber = (long)d.DayNumber + days;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            return null;
        }
        return DateOnly.FromDayNumber((int)dayNumber);
    }

    private string? ShiftOneTime(string v)
    {
        // HH, HHMM, HHMMSS, HHMMSS.F{1,6}; also the retired HH:MM:SS form, written back without colons.
        var t = v.Replace(":", "", StringComparison.Ordinal);
        var dot = t.IndexOf('.', StringComparison.Ordinal);
        var main = dot >= 0 ? t[..dot] : t;
        var frac = dot >= 0 ? t[dot..] : "";
        if (main.Length is not (2 or 4 or 6) || !main.All(char.IsAsciiDigit) || (frac.Length > 0 && !frac[1..].All(char.IsAsciiDigit)))
        {
            return null;
        }
        var h = int.Parse(main[..2], CultureInfo.InvariantCulture);
        var m = main.Length >= 4 ? int.Parse(main[2..4], CultureInfo.InvariantCulture) : 0;
        var s = main.Length >= 6 ? int.Parse(main[4..6], CultureInfo.InvariantCulture) : 0;
        if (h > 23 || m > 59 || s > 60)
        {
            return null;
        }
        var total = ((h * 3600) + (m * 60) + Math.Min(s, 59) + seconds) % 86400;
        var text = string.Create(CultureInfo.InvariantCulture, $"{total / 3600:D2}{total / 60 % 60:D2}{total % 60:D2}");
        return text[..main.Length] + frac;
    }

    private string? ShiftOneDateTime(string v)
    {
        // YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]
        var offset = "";
        var sign = v.IndexOfAny(['+', '-'], Math.Min(4, v.Length));
        if (sign >= 4)
        {
            offset = v[sign..];
            v = v[..sign];
        }
        if (v.Length < 4 || !v[..Math.Min(v.Length, 8)].All(char.IsAsciiDigit))
        {
            return null;
        }
        var datePart = v[..Math.Min(8, v.Length)];
        var full = datePart.Length switch
        {
            4 => datePart + "0101",
            6 => datePart + "01",
            8 => datePart,
            _ => null,
        };
        if (full is null || !DateOnly.TryParseExact(full, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return null;
        }
        var shifted = Shift(d)?.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        if (shifted is null)
        {
            return null;
        }
        var time = v.Length > 8 ? ShiftOneTime(v[8..]) : "";
        return time is null ? null : shifted[..datePart.Length] + time + offset;
    }
}
