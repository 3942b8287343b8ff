using System.CommandLine;
using Edge.Ledger;
using Edge.Ledger.Access;

namespace Edge.Daemon.Commands;

/// <summary><c>edged ledger init|verify|export-crosswalk|backup|restore|rekey</c>: the pairing-key store, offline.</summary>
internal static class LedgerCommand
{
    public static Command Create()
    {
        var cmd = new Command("ledger", "Manage the encrypted ledger that pairs pseudonyms with identities");
        cmd.Subcommands.Add(Init());
        cmd.Subcommands.Add(Verify());
        cmd.Subcommands.Add(ExportCrosswalk());
        cmd.Subcommands.Add(Backup());
        cmd.Subcommands.Add(Restore());
        cmd.Subcommands.Add(Rekey());
        return cmd;
    }

    private static Option<DirectoryInfo?> StateDirOption() =>
        new("--state-dir") { Description = "State directory (default $STATE_DIRECTORY or ./edge-state); the ledger is its ledger/ subdirectory" };

    private static Command Init()
    {
        var state = StateDirOption();
        var cmd = new Command("init", "Create the ledger: a random key (key file 0600, unless a systemd credential ledger-key exists) and the encrypted database") { state };
        cmd.SetAction(p => Guard("init", () =>
        {
            using var ledger = LedgerStore.Initialise(StateDirectory.Resolve(p.GetValue(state)));
            Console.WriteLine($"ledger created: {ledger.Location.DatabasePath}");
            return EdgedCommandLine.Success;
        }));
        return cmd;
    }

    private static Command Verify()
    {
        var state = StateDirOption();
        var cmd = new Command("verify", "Check the audit trail's hash chain: reports the first edited, deleted or reordered event") { state };
        cmd.SetAction(p => Guard("verify", () =>
        {
            using var ledger = LedgerStore.Open(StateDirectory.Resolve(p.GetValue(state)));
            var result = ledger.VerifyAudit();
            if (result.Intact)
            {
                Console.WriteLine($"audit trail intact: {result.EventsChecked} events");
                return EdgedCommandLine.Success;
            }
            Console.Error.WriteLine($"audit trail BROKEN at event {result.BrokenAt}: {result.Problem}");
            return EdgedCommandLine.Failure;
        }));
        return cmd;
    }

    private static Command ExportCrosswalk()
    {
        var state = StateDirOption();
        var workspace = new Option<string>("--workspace") { Description = "Workspace whose mappings to export", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write uid_crosswalk.csv and patid_crosswalk.csv into (files 0600)", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the crosswalk is exported (audited)", DefaultValueFactory = _ => "crosswalk export (edged ledger export-crosswalk)" };
        var cmd = new Command("export-crosswalk", "Write MIDI-B style id_old,id_new crosswalks of a workspace's UIDs and patient IDs") { state, workspace, output, reason };
        cmd.SetAction(p => Guard("export-crosswalk", () =>
        {
            using var ledger = LedgerStore.Open(StateDirectory.Resolve(p.GetValue(state)));
            var result = ledger.ExportCrosswalkAsync(p.GetValue(workspace)!, p.GetValue(output)!.FullName, new AccessRequest(StateDirectory.Actor, p.GetValue(reason)!))
                .GetAwaiter().GetResult();
            Console.WriteLine($"{result.UidCrosswalkPath}: {result.UidRows} UIDs");
            Console.WriteLine($"{result.PatientIdCrosswalkPath}: {result.PatientIdRows} patient IDs");
            return EdgedCommandLine.Success;
        }));
        return cmd;
    }

    private static Command Backup()
    {
        var state = StateDirOption();
        var output = new Option<FileInfo>("--out") { Description = "Backup file to write (encrypted with the same key)", Required = true };
        var cmd = new Command("backup", "Copy the ledger online into an encrypted backup file") { state, output };
        cmd.SetAction(p => Guard("backup", () =>
        {
            using var ledger = LedgerStore.Open(StateDirectory.Resolve(p.GetValue(state)));
            ledger.BackupAsync(p.GetValue(output)!.FullName, StateDirectory.Actor).GetAwaiter().GetResult();
            Console.WriteLine($"backup written: {p.GetValue(output)!.FullName}");
            return EdgedCommandLine.Success;
        }));
        return cmd;
    }

    private static Command Restore()
    {
        var state = StateDirOption();
        var from = new Option<FileInfo>("--from") { Description = "Backup file to restore (stop the daemon first)", Required = true };
        var cmd = new Command("restore", "Replace the ledger with a backup made with the same key") { state, from };
        cmd.SetAction(p => Guard("restore", () =>
        {
            LedgerStore.Restore(LedgerLocation.FromStateDirectory(StateDirectory.Resolve(p.GetValue(state))), p.GetValue(from)!.FullName, StateDirectory.Actor);
            Console.WriteLine("ledger restored");
            return EdgedCommandLine.Success;
        }));
        return cmd;
    }

    private static Command Rekey()
    {
        var state = StateDirOption();
        var backup = new Option<FileInfo>("--backup") { Description = "Where to write the backup taken before the key changes", Required = true };
        var cmd = new Command("rekey", "Back the ledger up, then re-encrypt it with a new key (stop the daemon first)") { state, backup };
        cmd.SetAction(p => Guard("rekey", () =>
        {
            var r = LedgerStore.Rekey(LedgerLocation.FromStateDirectory(StateDirectory.Resolve(p.GetValue(state))), p.GetValue(backup)!.FullName, StateDirectory.Actor);
            Console.WriteLine($"key rotated ({r.PreviousKeyFingerprint} -> {r.KeyFingerprint}); backup under the old key: {r.BackupPath}; key file: {r.KeyFilePath}");
            return EdgedCommandLine.Success;
        }));
        return cmd;
    }

    private static int Guard(string what, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (LedgerException ex)
        {
            Console.Error.WriteLine($"edged ledger {what}: {ex.Message}");
            return EdgedCommandLine.Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"edged ledger {what}: {ex.Message}");
            return EdgedCommandLine.Failure;
        }
    }
}
