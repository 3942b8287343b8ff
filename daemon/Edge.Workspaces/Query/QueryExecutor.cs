using System.Globalization;
using Dapper;
using Edge.Dicom.Data;
using Microsoft.Data.Sqlite;

namespace Edge.Workspaces.Query;

/// <summary>Runs queries against an index read connection.</summary>
internal static class QueryExecutor
{
    /// <summary>
    /// The matches of a C-FIND, read as the caller iterates (the connection must stay open until then). Keys the
    /// index does not keep are matched afterwards on each match's first instance, when the options allow it.
    /// </summary>
    public static IEnumerable<QueryMatch> Find(SqliteConnection connection, WorkspaceQuery query)
    {
        var matching = MatchingSql.Build(query.Level, query.Keys, query.Options.CombinedDateTimeMatching);
        var returned = query.ReturnedAttributes();
        var headers = HeaderKeys.For(query);
        var columns = returned.Select(a => a.Select).ToList();
        if (headers is not null)
        {
            columns.Add(IndexedAttributes.FirstInstancePath(query.Level));
        }
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {string.Join(", ", columns)} FROM {IndexedAttributes.From(query.Level)} " +
            $"WHERE {matching.Where} ORDER BY {IndexedAttributes.Alias(query.Level)}.id";
        AddParameters(command, matching);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var values = new Dictionary<DicomTag, string>(returned.Count);
            for (var i = 0; i < returned.Count; i++)
            {
                values[returned[i].Tag] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
            }
            if (headers is null)
            {
                yield return new QueryMatch(values);
                continue;
            }
            var path = reader.IsDBNull(returned.Count) ? "" : reader.GetString(returned.Count);
            if (headers.Evaluate(path) is not { } found)
            {
                continue;
            }
            foreach (var (tag, value) in found.Values)
            {
                values[tag] = value;
            }
            yield return new QueryMatch(values, found.Sequences);
        }
    }

    /// <summary>
    /// The instance files under every entity the keys match (for C-GET and C-MOVE). The keys are matched at image
    /// level, so unique keys of the requested level and above select whole studies or series.
    /// </summary>
    /// <exception cref="InvalidQueryException">The level's unique key is not given: a retrieve never means "everything".</exception>
    public static List<(string SopClassUid, string SopUid, string TransferSyntax, string Path, long Size)> ListFiles(
        SqliteConnection connection, WorkspaceQuery query)
    {
        var unique = IndexedAttributes.UniqueKey(query.Level);
        if (query.KeyValue(unique) is not { Length: > 0 } value || value.Trim().All(c => c is '*' or '\\'))
        {
            throw new InvalidQueryException($"A {query.Level.ToDicom()} level retrieve needs its unique key {unique}.");
        }
        var matching = MatchingSql.Build(QueryLevel.Image, query.Keys.Where(k => IndexedAttributes.Find(k.Tag)?.Level <= query.Level),
            query.Options.CombinedDateTimeMatching);
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT i.sop_class_uid, i.sop_uid, i.transfer_syntax, i.path, i.size FROM {IndexedAttributes.From(QueryLevel.Image)} " +
            $"WHERE {matching.Where} ORDER BY i.id";
        AddParameters(command, matching);
        var files = new List<(string, string, string, string, long)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            files.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4)));
        }
        return files;
    }

    public static (long Patients, long Studies, long Series, long Instances, long Bytes) Stats(SqliteConnection connection) =>
        connection.QuerySingle<(long, long, long, long, long)>("""
            SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM studies), (SELECT count(*) FROM series),
                   (SELECT count(*) FROM instances), (SELECT coalesce(sum(size), 0) FROM instances)
            """);

    private static void AddParameters(SqliteCommand command, MatchingSql matching)
    {
        foreach (var (name, value) in matching.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }
}
