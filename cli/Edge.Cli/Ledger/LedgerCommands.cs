using System.CommandLine;
using System.Text.Json;
using Edge.Cli.Output;
using Edge.Cli.Shell;
using Edge.Control.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Edge.Cli.Ledger;

/// <summary>
/// <c>edgectl ledger lookup|export-crosswalk|backup|rekey</c>: the pairing store (edge.control.v1.Ledger). Lookups
/// and exports need a reason and are audited with the caller's uid; turning pseudonyms back into identities also
/// needs the reidentify permission.
/// </summary>
public static class LedgerCommands
{
    private const string Service = "/edge.control.v1.Ledger/";

    public static Command Create(CommandSetup setup)
    {
        var command = new Command("ledger", "Look up and re-identify (with a reason, audited), export crosswalks, back up the ledger");
        command.Subcommands.Add(Lookup(setup));
        command.Subcommands.Add(ExportCrosswalk(setup));
        command.Subcommands.Add(Backup(setup));
        command.Subcommands.Add(Rekey(setup));
        return command;
    }

    private static Option<string> WorkspaceOption() =>
        new("--workspace", "-w") { Description = "The workspace whose ledger entries to use", HelpName = "NAME", Required = true };

    private static Command Lookup(CommandSetup setup)
    {
        var workspace = WorkspaceOption();
        var pseudonym = new Option<string?>("--pseudonym") { Description = "Re-identify: who is the patient behind this pseudonym (needs reidentify)", HelpName = "PSEUDONYM" };
        var patientId = new Option<string?>("--patient-id") { Description = "Look up: the pseudonym this workspace gave a PatientID", HelpName = "ID" };
        var issuer = new Option<string?>("--issuer") { Description = "Issuer of Patient ID, with --patient-id (default: none)", HelpName = "ISSUER" };
        var uid = new Option<string?>("--uid") { Description = "Look up: the pseudonymised UID of an original study, series or instance UID", HelpName = "UID" };
        var pseudonymisedUid = new Option<string?>("--pseudonymised-uid") { Description = "Re-identify: the original UID behind a pseudonymised one (needs reidentify)", HelpName = "UID" };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit trail (required; the daemon refuses a blank one)", HelpName = "TEXT", Required = true };
        var command = new Command("lookup", "Look up a pseudonym, or re-identify one, in one workspace (audited)")
        {
            workspace, pseudonym, patientId, issuer, uid, pseudonymisedUid, reason,
        };
        Option[] questions = [pseudonym, patientId, uid, pseudonymisedUid];
        command.Validators.Add(result =>
        {
            if (questions.Count(q => OptionKinds.Given(result, q)) != 1)
            {
                result.AddError("Give exactly one of --pseudonym, --patient-id, --uid and --pseudonymised-uid.");
            }
            if (OptionKinds.Given(result, issuer) && !OptionKinds.Given(result, patientId))
            {
                result.AddError("--issuer goes with --patient-id.");
            }
        });
        setup.Example(command,
            "edgectl ledger lookup --workspace lung-ct --pseudonym PABCDEFGHJKLM --reason \"incidental finding, ticket 4711\"",
            "edgectl ledger lookup --workspace lung-ct --patient-id 123456 --issuer HOSP --reason \"withdrawal of consent\"");
        setup.Action(command, async (parse, session) =>
        {
            var name = parse.GetValue(workspace)!;
            var why = parse.GetValue(reason)!;
            if (parse.GetValue(pseudonym) is { } p)
            {
                var answer = await session.CallAsync<ReidentifyPatientRequest, ReidentifyPatientResponse>(Service + "ReidentifyPatient",
                    new ReidentifyPatientRequest { Workspace = name, Pseudonym = p, Reason = why }).ConfigureAwait(false);
                return Report(session, answer.Found, w => w.ObjectOrNull("patient", answer.Patient, LedgerViews.WriteJson),
                    () => LedgerViews.Patient(answer.Patient!));
            }
            if (parse.GetValue(patientId) is { } id)
            {
                var answer = await session.CallAsync<LookUpPseudonymRequest, LookUpPseudonymResponse>(Service + "LookUpPseudonym",
                    new LookUpPseudonymRequest { Workspace = name, PatientId = id, Issuer = parse.GetValue(issuer) ?? "", Reason = why }).ConfigureAwait(false);
                return Report(session, answer.Found, w => w.StringOrNull("pseudonym", answer.Pseudonym), () => new Text("Pseudonym: " + answer.Pseudonym));
            }
            if (parse.GetValue(uid) is { } original)
            {
                var answer = await session.CallAsync<LookUpUidRequest, LookUpUidResponse>(Service + "LookUpUid",
                    new LookUpUidRequest { Workspace = name, OriginalUid = original, Reason = why }).ConfigureAwait(false);
                return Report(session, answer.Found, w => w.StringOrNull("pseudonymised_uid", answer.PseudonymisedUid),
                    () => new Text("Pseudonymised UID: " + answer.PseudonymisedUid));
            }
            var back = await session.CallAsync<ReidentifyUidRequest, ReidentifyUidResponse>(Service + "ReidentifyUid",
                new ReidentifyUidRequest { Workspace = name, PseudonymisedUid = parse.GetValue(pseudonymisedUid)!, Reason = why }).ConfigureAwait(false);
            return Report(session, back.Found, w => w.StringOrNull("original_uid", back.OriginalUid), () => new Text("Original UID: " + back.OriginalUid));
        });
        return command;
    }

    /// <summary>A lookup's answer: {"found": ..., ...} or a table; nothing found exits with <see cref="ExitCodes.NotFound"/>.</summary>
    private static int Report(CliSession session, bool found, Action<Utf8JsonWriter> fields, Func<IRenderable> table)
    {
        session.AnswerObject(w =>
        {
            w.WriteBoolean("found", found);
            fields(w);
        }, () =>
        {
            if (found)
            {
                session.Out.Write(table());
                session.Out.WriteLine();
            }
            else
            {
                session.Say("Not found in this workspace.");
            }
        });
        return found ? ExitCodes.Success : ExitCodes.NotFound;
    }

    private static Command ExportCrosswalk(CommandSetup setup)
    {
        var workspace = WorkspaceOption();
        var output = new Option<string>("--out") { Description = "Directory for uid_crosswalk.csv and patid_crosswalk.csv (created 0700; files 0600), written by the daemon", HelpName = "DIR", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit trail", HelpName = "TEXT", DefaultValueFactory = _ => "crosswalk export (edgectl)" };
        var command = new Command("export-crosswalk", "Write a workspace's UID and PatientID crosswalks (id_old,id_new) on the daemon's host (needs reidentify)")
        {
            workspace, output, reason,
        };
        setup.Example(command, "edgectl ledger export-crosswalk --workspace lung-ct --out /var/lib/edge/exports/lung-ct --reason \"MIDI-B validation\"");
        setup.Action(command, async (parse, session) =>
        {
            var request = new ExportCrosswalkRequest
            {
                Workspace = parse.GetValue(workspace)!,
                // The daemon is on this host (the socket is local): a relative path means from here.
                OutputDirectory = Path.GetFullPath(parse.GetValue(output)!),
                Reason = parse.GetValue(reason)!,
            };
            var answer = await session.WhileWaitingAsync($"Exporting the crosswalks of {request.Workspace}",
                () => session.LongCallAsync<ExportCrosswalkRequest, ExportCrosswalkResponse>(Service + "ExportCrosswalk", request)).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.WriteString("uid_crosswalk_path", answer.UidCrosswalkPath);
                w.WriteNumber("uid_rows", answer.UidRows);
                w.WriteString("patient_id_crosswalk_path", answer.PatientIdCrosswalkPath);
                w.WriteNumber("patient_id_rows", answer.PatientIdRows);
            }, () =>
            {
                session.Out.Write(Formats.Fields(
                    ("UID crosswalk", $"{answer.UidCrosswalkPath} ({Formats.Number(answer.UidRows)} rows)"),
                    ("PatientID crosswalk", $"{answer.PatientIdCrosswalkPath} ({Formats.Number(answer.PatientIdRows)} rows)")));
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Backup(CommandSetup setup)
    {
        var output = new Option<string>("--out") { Description = "New file for the encrypted copy, written by the daemon (must not exist)", HelpName = "FILE", Required = true };
        var command = new Command("backup", "Copy the live ledger into an encrypted backup file (same key)") { output };
        setup.Example(command, "edgectl ledger backup --out /var/backups/edge/ledger-2026-11-22.db");
        setup.Action(command, async (parse, session) =>
        {
            var request = new BackupLedgerRequest { DestinationPath = Path.GetFullPath(parse.GetValue(output)!) };
            var answer = await session.WhileWaitingAsync("Backing up the ledger",
                () => session.LongCallAsync<BackupLedgerRequest, BackupLedgerResponse>(Service + "BackupLedger", request)).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.WriteString("path", answer.Path);
                w.WriteNumber("bytes", answer.Bytes);
            }, () => session.Say($"Backup written: {answer.Path} ({Formats.Bytes(answer.Bytes)})"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Rekey(CommandSetup setup)
    {
        var backup = new Option<string>("--backup") { Description = "Where the backup taken before re-encryption goes", HelpName = "FILE", Required = true };
        var command = new Command("rekey", "Re-encrypt the ledger under a new key, after a backup (the daemon may ask for it offline: edged ledger rekey)") { backup };
        setup.Example(command, "edgectl ledger rekey --backup /var/backups/edge/before-rekey.db");
        setup.Action(command, async (parse, session) =>
        {
            var answer = await session.LongCallAsync<RekeyLedgerRequest, RekeyLedgerResponse>(Service + "RekeyLedger",
                new RekeyLedgerRequest { BackupPath = Path.GetFullPath(parse.GetValue(backup)!) }).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.WriteString("key_file_path", answer.KeyFilePath);
                w.WriteString("backup_path", answer.BackupPath);
                w.WriteString("previous_key_fingerprint", answer.PreviousKeyFingerprint);
                w.WriteString("key_fingerprint", answer.KeyFingerprint);
                w.WriteBoolean("credential_must_be_replaced", answer.CredentialMustBeReplaced);
            }, () =>
            {
                session.Out.Write(Formats.Fields(
                    ("New key", answer.KeyFilePath),
                    ("Backup", answer.BackupPath),
                    ("Fingerprint", $"{answer.PreviousKeyFingerprint} → {answer.KeyFingerprint}"),
                    ("Credential", answer.CredentialMustBeReplaced ? "re-create the systemd credential from the new key file, then delete it" : "none")));
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
