using System.Text;
using Edge.Dicom.Data;
using Edge.Workspaces.Indexing;

namespace Edge.Workspaces.Query;

/// <summary>
/// Turns C-FIND keys into a SQL condition with parameters (PS3.4 C.2.2.2): single value, list, wildcard, range,
/// universal and UID list matching, person names case-insensitively, and StudyDate with StudyTime as one date-time
/// range when combined matching was negotiated. Keys of levels below the query level are not matched (they are only
/// returned empty); keys the index does not keep are left to <see cref="HeaderKeys"/>.
/// </summary>
internal sealed class MatchingSql
{
    /// <summary>SQLite 3.15 allows 999 parameters per statement; keep room for the caller's own.</summary>
    public const int MaxParameters = 900;

    /// <summary>What a missing study time counts as in a combined range: the start of its day.</summary>
    private const string StartOfDay = "000000.000000";

    private readonly List<string> _conditions = [];

    public List<KeyValuePair<string, object>> Parameters { get; } = [];

    /// <summary>The conditions joined with AND; "1" when every key is universal.</summary>
    public string Where => _conditions.Count == 0 ? "1" : string.Join(" AND ", _conditions);

    /// <exception cref="InvalidQueryException">A date or time is malformed, an integer is not one, or the lists are too long.</exception>
    public static MatchingSql Build(QueryLevel level, IEnumerable<QueryKey> keys, bool combinedDateTime = false)
    {
        var sql = new MatchingSql();
        var matched = keys.Where(k => !k.IsUniversal && !k.IsSequence && IndexedAttributes.Find(k.Tag) is { } a && a.Level <= level).ToList();
        if (combinedDateTime && sql.CombinedDateTime(matched) is { } combined)
        {
            sql._conditions.Add(combined);
            matched.RemoveAll(k => k.Tag == DicomTags.StudyDate || k.Tag == DicomTags.StudyTime);
        }
        foreach (var key in matched)
        {
            if (sql.Condition(IndexedAttributes.Find(key.Tag)!, key.Value) is { } condition)
            {
                sql._conditions.Add(condition);
            }
        }
        return sql;
    }

    private string? Condition(IndexedAttribute attribute, string value)
    {
        if (ValueMatching.IsUniversal(value))
        {
            return null;
        }
        var values = ValueMatching.Values(value);
        return attribute.Kind switch
        {
            MatchKind.Uid => InList(attribute.Column, values.Cast<object>().ToList()),
            MatchKind.Text => Text(attribute.Column, values, fold: false),
            MatchKind.PersonName => Text(attribute.Column, values, fold: true),
            MatchKind.Date => AnyOf(values.Select(v => Range(attribute.Column, v, ValueMatching.DateBound, ValueMatching.DateBound))),
            MatchKind.Time => AnyOf(values.Select(v => Range(attribute.Column, v, t => ValueMatching.TimeBound(t, '0'), t => ValueMatching.TimeBound(t, '9')))),
            MatchKind.Integer => Integers(attribute, values),
            MatchKind.ModalitiesInStudy =>
                $"EXISTS (SELECT 1 FROM series y WHERE y.study_ref = st.id AND {Text(attribute.Column, values, fold: false)})",
            MatchKind.SopClassesInStudy =>
                $"EXISTS (SELECT 1 FROM instances z JOIN series y ON y.id = z.series_ref WHERE y.study_ref = st.id AND {InList(attribute.Column, values.Cast<object>().ToList())})",
            _ => null,
        };
    }

    /// <summary>
    /// A StudyDate and a StudyTime key, single-valued and at least one a range, as one range from the first date at
    /// the first time to the second date at the second time (PS3.4 C.2.2.2.5); null when the keys do not form one.
    /// An open date bound leaves that end open whatever the time says.
    /// </summary>
    private string? CombinedDateTime(List<QueryKey> keys)
    {
        var date = keys.FirstOrDefault(k => k.Tag == DicomTags.StudyDate)?.Value.Trim();
        var time = keys.FirstOrDefault(k => k.Tag == DicomTags.StudyTime)?.Value.Trim();
        if (date is null || time is null || date.Contains('\\', StringComparison.Ordinal) || time.Contains('\\', StringComparison.Ordinal)
            || (!date.Contains('-', StringComparison.Ordinal) && !time.Contains('-', StringComparison.Ordinal)))
        {
            return null;
        }
        var (dateFrom, dateTo) = Bounds(date);
        var (timeFrom, timeTo) = Bounds(time);
        var dateColumn = IndexedAttributes.Find(DicomTags.StudyDate)!.Column;
        var timeColumn = IndexedAttributes.Find(DicomTags.StudyTime)!.Column;
        var dateTime = $"({dateColumn} || CASE WHEN {timeColumn} = '' THEN '{StartOfDay}' ELSE {timeColumn} END)";
        var sb = new StringBuilder($"({dateColumn} <> ''");
        if (dateFrom.Length > 0)
        {
            var from = ValueMatching.DateBound(dateFrom) + (timeFrom.Length > 0 ? ValueMatching.TimeBound(timeFrom, '0') : StartOfDay);
            sb.Append(" AND ").Append(dateTime).Append(" >= ").Append(Parameter(from));
        }
        if (dateTo.Length > 0)
        {
            var to = ValueMatching.DateBound(dateTo) + (timeTo.Length > 0 ? ValueMatching.TimeBound(timeTo, '9') : "235959.999999");
            sb.Append(" AND ").Append(dateTime).Append(" <= ").Append(Parameter(to));
        }
        return sb.Append(')').ToString();
    }

    /// <summary>The two ends of "A", "A-B", "A-" or "-B" ('' for an open end).</summary>
    private static (string From, string To) Bounds(string value)
    {
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (value, value) : (value[..dash], value[(dash + 1)..]);
    }

    /// <summary>Each value exact or, with * or ?, a GLOB pattern (SQLite's GLOB has the same two wildcards).</summary>
    private string Text(string column, List<string> values, bool fold)
    {
        var parts = new List<string>();
        foreach (var raw in values)
        {
            var v = fold ? DicomValues.FoldName(raw) : raw;
            parts.Add(raw.Contains('*', StringComparison.Ordinal) || raw.Contains('?', StringComparison.Ordinal)
                ? $"{column} GLOB {Parameter(v.Replace("[", "[[]", StringComparison.Ordinal))}"
                : $"{column} = {Parameter(v)}");
        }
        return parts.Count == 1 ? parts[0] : "(" + string.Join(" OR ", parts) + ")";
    }

    private string Integers(IndexedAttribute attribute, List<string> values)
    {
        var numbers = new List<object>(values.Count);
        foreach (var v in values)
        {
            numbers.Add(DicomValues.Integer(v) ?? throw new InvalidQueryException($"{attribute.Tag} must be an integer or a list of integers."));
        }
        return InList(attribute.Column, numbers);
    }

    private string InList(string column, List<object> values) =>
        values.Count == 1
            ? $"{column} = {Parameter(values[0])}"
            : $"{column} IN ({string.Join(", ", values.Select(Parameter))})";

    /// <summary>"A" (the span A denotes), "A-B", "A-" or "-B" on a normalised key column; '' never matches a bound.</summary>
    private string? Range(string column, string value, Func<string, string> lowerBound, Func<string, string> upperBound)
    {
        var (lower, upper) = Bounds(value);
        if (lower.Length == 0 && upper.Length == 0)
        {
            return null;
        }
        var sb = new StringBuilder($"({column} <> ''");
        if (lower.Length > 0)
        {
            sb.Append(" AND ").Append(column).Append(" >= ").Append(Parameter(lowerBound(lower)));
        }
        if (upper.Length > 0)
        {
            sb.Append(" AND ").Append(column).Append(" <= ").Append(Parameter(upperBound(upper)));
        }
        return sb.Append(')').ToString();
    }

    /// <summary>OR of the parts; null (universal) as soon as one part is.</summary>
    private static string? AnyOf(IEnumerable<string?> parts)
    {
        var list = new List<string>();
        foreach (var p in parts)
        {
            if (p is null)
            {
                return null;
            }
            list.Add(p);
        }
        return list.Count == 1 ? list[0] : "(" + string.Join(" OR ", list) + ")";
    }

    private string Parameter(object value)
    {
        if (Parameters.Count >= MaxParameters)
        {
            throw new InvalidQueryException($"The identifier has more than {MaxParameters} values to match.");
        }
        var name = "$p" + Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Parameters.Add(new(name, value));
        return name;
    }
}
