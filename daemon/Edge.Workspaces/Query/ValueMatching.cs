using Edge.Dicom.Data;
using Edge.Workspaces.Indexing;

namespace Edge.Workspaces.Query;

/// <summary>
/// PS3.4 C.2.2.2 matching of one key value against one stored value, for the attributes answered from instance
/// headers rather than SQL: the same rules <see cref="MatchingSql"/> applies to the index (single value, list,
/// * and ? wildcards, inclusive ranges of dates, times and date-times, case-insensitive person names).
/// </summary>
internal static class ValueMatching
{
    /// <summary>The values of a key: backslash-separated, trimmed, empty ones dropped.</summary>
    public static List<string> Values(string key) =>
        key.Split('\\').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();

    /// <summary>Zero length, or a lone "*" among the values: every entity matches.</summary>
    public static bool IsUniversal(string key)
    {
        var values = Values(key);
        return values.Count == 0 || values.Any(v => v.All(c => c == '*'));
    }

    /// <summary>Whether a stored value (empty when absent) matches the key; an absent value matches only universal keys.</summary>
    /// <exception cref="InvalidQueryException">A date, time or date-time key is malformed.</exception>
    public static bool Matches(DicomVR vr, string key, string stored)
    {
        if (IsUniversal(key))
        {
            return true;
        }
        if (stored.Length == 0)
        {
            return false;
        }
        // A multi-valued attribute matches when any of its values does.
        var storedValues = vr.IsMultiValuedString() ? stored.Split('\\').Select(s => s.Trim()).ToArray() : [stored.Trim()];
        return Values(key).Any(k => storedValues.Any(s => MatchOne(vr, k, s)));
    }

    private static bool MatchOne(DicomVR vr, string key, string stored) => vr switch
    {
        DicomVR.DA => InRange(key, DicomValues.DateKey(stored), DateBound, DateBound),
        DicomVR.TM => InRange(key, DicomValues.TimeKey(stored), t => TimeBound(t, '0'), t => TimeBound(t, '9')),
        DicomVR.DT => InRange(key, DateTimeKey(stored, '0'), d => DateTimeBound(d, '0'), d => DateTimeBound(d, '9')),
        DicomVR.UI => string.Equals(key, stored, StringComparison.Ordinal),
        DicomVR.PN => Glob(DicomValues.FoldName(key), DicomValues.FoldName(stored)),
        _ => Glob(key, stored),
    };

    /// <summary>"A" (the span A denotes), "A-B", "A-" or "-B" against a normalised stored value.</summary>
    private static bool InRange(string key, string storedKey, Func<string, string> lowerBound, Func<string, string> upperBound)
    {
        if (storedKey.Length == 0)
        {
            return false;
        }
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        var lower = dash < 0 ? key : key[..dash];
        var upper = dash < 0 ? key : key[(dash + 1)..];
        return (lower.Length == 0 || string.CompareOrdinal(storedKey, lowerBound(lower)) >= 0)
            && (upper.Length == 0 || string.CompareOrdinal(storedKey, upperBound(upper)) <= 0);
    }

    public static string DateBound(string value) =>
        DicomValues.DateKey(value) is { Length: > 0 } key ? key : throw new InvalidQueryException("A date key must be YYYYMMDD or a range of them.");

    public static string TimeBound(string value, char fill) =>
        DicomValues.TimeKey(value, fill) is { Length: > 0 } key ? key : throw new InvalidQueryException("A time key must be HH[MM[SS[.F]]] or a range of them.");

    private static string DateTimeBound(string value, char fill) =>
        DateTimeKey(value, fill) is { Length: > 0 } key ? key : throw new InvalidQueryException("A date-time key must be YYYY[MM[DD[HH[MM[SS[.F]]]]]] or a range of them.");

    /// <summary>
    /// YYYYMMDDHHMMSS.FFFFFF from DT, missing parts filled with <paramref name="fill"/>; a "+HHMM" offset is ignored
    /// (a '-' always separates a range). '' when it is not a date-time.
    /// </summary>
    private static string DateTimeKey(string value, char fill)
    {
        var text = value.Trim();
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            text = text[..plus];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        if (whole.Length is not (4 or 6 or 8 or 10 or 12 or 14) || !whole.All(char.IsAsciiDigit) || fraction.Length > 6
            || !fraction.All(char.IsAsciiDigit) || (fraction.Length > 0 && whole.Length != 14))
        {
            return "";
        }
        // Filled digit by digit: '0'/'9' sort below/above every real value of the missing part.
        return whole.PadRight(14, fill) + "." + fraction.PadRight(6, fill);
    }

    /// <summary>Whole-value match with * (any run) and ? (any one character); without them, equality.</summary>
    public static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                // Let the last * take one more character and retry from there: linear in practice, never exponential.
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
