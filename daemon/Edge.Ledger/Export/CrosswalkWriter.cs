using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Edge.Ledger.Export;

/// <summary>
/// Writes MIDI-B style crosswalks (<c>id_old,id_new</c>): every replaced UID, and every PatientID with its pseudonym.
/// Files are created 0600 under a temporary name and renamed, so a reader never sees half a file and a symbolic link
/// at the target is replaced rather than followed.
/// </summary>
internal static class CrosswalkWriter
{
    public const string UidFileName = "uid_crosswalk.csv";
    public const string PatientIdFileName = "patid_crosswalk.csv";

    private const string Header = "id_old,id_new";

    private const string UidQuery = """
        SELECT original_uid, pseudonymised_uid FROM studies WHERE workspace_id = @workspace
        UNION SELECT original_uid, pseudonymised_uid FROM series WHERE workspace_id = @workspace
        UNION SELECT original_uid, pseudonymised_uid FROM instances WHERE workspace_id = @workspace
        UNION SELECT original_uid, pseudonymised_uid FROM uid_map WHERE workspace_id = @workspace
        ORDER BY 1
        """;

    private const string PatientQuery = """
        SELECT original_patient_id, pseudonym FROM patients WHERE workspace_id = @workspace ORDER BY 1, 2
        """;

    public static CrosswalkExport Write(SqliteConnection connection, long workspaceId, string outputDirectory)
    {
        if (!Directory.Exists(outputDirectory))
        {
            Directory.CreateDirectory(outputDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // One read transaction: both files describe the same moment of the ledger.
        using var transaction = connection.BeginTransaction(deferred: true);
        var uidPath = Path.Combine(outputDirectory, UidFileName);
        var uidRows = WriteCsv(connection, transaction, UidQuery, workspaceId, uidPath);
        var patientPath = Path.Combine(outputDirectory, PatientIdFileName);
        var patientRows = WriteCsv(connection, transaction, PatientQuery, workspaceId, patientPath);
        transaction.Commit();
        return new CrosswalkExport(uidPath, uidRows, patientPath, patientRows);
    }

    private static long WriteCsv(SqliteConnection connection, SqliteTransaction transaction, string sql, long workspaceId, string path)
    {
        var temp = path + ".tmp";
        File.Delete(temp);
        var rows = 0L;
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
                   {
                       Mode = FileMode.CreateNew,
                       Access = FileAccess.Write,
                       UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                   }))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" })
            {
                writer.WriteLine(Header);
                foreach (var (original, pseudonymised) in connection.Query<(string, string)>(sql,
                             new { workspace = workspaceId }, transaction, buffered: false))
                {
                    writer.Write(Cell(original));
                    writer.Write(',');
                    writer.WriteLine(Cell(pseudonymised));
                    rows++;
                }
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            return rows;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>RFC 4180 quoting for the rare PatientID with a comma, quote or line break.</summary>
    private static string Cell(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
