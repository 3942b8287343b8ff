using System.Text;
using Edge.Workspaces.Indexing;

namespace Edge.Workspaces.Query;

/// <summary>
/// Turns C-FIND keys into a SQL condition with parameters (PS3.4 C.2.2.2): single value, list, wildcard, range,
/// universal and UID list matching, person names case-insensitively. Keys of levels below the query level are not
/// matched (they are only returned empty).
/// </summary>
internal sealed class MatchingSql
{
    /// <summary>SQLite 3.15 allows 999 parameters per statement; keep room for the caller's own.</summary>
    public const int MaxParameters = 900;

    private readonly List<string> _conditions = [];

    public List<KeyValuePair<string, object>> Parameters { get; } = [];

    /// <summary>The conditions joined with AND; "1" when every key is universal.</summary>
    public string Where => _conditions.Count == 0 ? "1" : string.Join(" AND ", _conditions);

    /// <exception cref="InvalidQueryException">A date or time is malformed, an integer is not one, or the lists are too long.</exception>
    public static MatchingSql Build(QueryLevel level, IEnumerable<QueryKey> keys)
    {
        var sql = new MatchingSql();
        foreach (var key in keys)
        {
            if (key.IsUniversal || IndexedAttributes.Find(key.Tag) is not { } attribute || attribute.Level > level)
            {
                continue;
            }
            if (sql.Condition(attribute, key.Value) is { } condition)
            {
                sql._conditions.Add(condition);
            }
        }
        return sql;
    }

    private string? Condition(IndexedAttribute attribute, string value)
    {
        var values = value.Split('\\').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        // A lone "*" is universal for every kind, UIDs included (some SCUs send it though PS3.4 does not allow it there).
        if (values.Count == 0 || values.Any(v => v.All(c => c == '*')))
        {
            return null;
        }
        return attribute.Kind switch
        {
            MatchKind.Uid => InList(attribute.Column, values.Cast<object>().ToList()),
            MatchKind.Text => Text(attribute.Column, values, fold: false),
            MatchKind.PersonName => Text(attribute.Column, values, fold: true),
            MatchKind.Date => AnyOf(values.Select(v => Range(attribute.Column, v, DateBound, DateBound))),
            MatchKind.Time => AnyOf(values.Select(v => Range(attribute.Column, v, t => TimeBound(t, '0'), t => TimeBound(t, '9')))),
            MatchKind.Integer => Integers(attribute, values),
            MatchKind.ModalitiesInStudy =>
                $"EXISTS (SELECT 1 FROM series y WHERE y.study_ref = st.id AND {Text(attribute.Column, values, fold: false)})",
            _ => null,
        };
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
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        var lower = dash < 0 ? value : value[..dash];
        var upper = dash < 0 ? value : value[(dash + 1)..];
        var sb = new StringBuilder($"({column} <> ''");
        if (lower.Length > 0)
        {
            sb.Append(" AND ").Append(column).Append(" >= ").Append(Parameter(lowerBound(lower)));
        }
        if (upper.Length > 0)
        {
            sb.Append(" AND ").Append(column).Append(" <= ").Append(Parameter(upperBound(upper)));
        }
        return lower.Length == 0 && upper.Length == 0 ? null : sb.Append(')').ToString();
    }

    private static string DateBound(string value) =>
        DicomValues.DateKey(value) is { Length: > 0 } key ? key : throw new InvalidQueryException("A date key must be YYYYMMDD or a range of them.");

    private static string TimeBound(string value, char fill) =>
        DicomValues.TimeKey(value, fill) is { Length: > 0 } key ? key : throw new InvalidQueryException("A time key must be HH[MM[SS[.F]]] or a range of them.");

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
