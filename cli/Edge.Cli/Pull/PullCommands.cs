using System.CommandLine;
using System.Text.Json;
using Edge.Cli.Output;
using Edge.Cli.Shell;
using Edge.Cli.Transport;
using Edge.Control.Wire;
using Edge.Control.V1;
using Spectre.Console;

namespace Edge.Cli.Pull;

/// <summary>
/// <c>edgectl pull</c>: fetch a project's studies from the hospital PACS into its workspace (C-FIND, then C-MOVE study
/// by study to the workspace's AE title; the instances are de-identified as they arrive). Also list, resume, cancel.
/// </summary>
public static class PullCommands
{
    private const string Service = "/edge.control.v1.Pull/";

    public static Command Create(CommandSetup setup)
    {
        var workspace = new Option<string>("--workspace", "-w") { Description = "Workspace that receives the studies", HelpName = "NAME", Required = true };
        var accession = new Option<string?>("--accession") { Description = "One study by accession number", HelpName = "NUMBER" };
        var studyUid = new Option<string?>("--study-uid") { Description = "One study by Study Instance UID", HelpName = "UID" };
        var patientId = new Option<string?>("--patient-id") { Description = "Every study of a patient (with --from/--to)", HelpName = "ID" };
        var from = new Option<string?>("--from") { Description = "First study date (YYYYMMDD) with --patient-id", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "Last study date (YYYYMMDD) with --patient-id", HelpName = "DATE" };
        var file = new Option<FileInfo?>("--file") { Description = "CSV of studies: accession numbers or study UIDs, one per line (header optional)", HelpName = "CSV" };
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the pull, audited)", HelpName = "TEXT" };
        var command = new Command("pull", "Pull studies from the PACS into a workspace, de-identified on arrival; shows progress, then a report (exit code 5 when the PACS finds no study, 6 when studies failed or the pull was interrupted)")
        {
            workspace, accession, studyUid, patientId, from, to, file, reason,
        };
        setup.Example(command,
            "edgectl pull --workspace lung-ct --accession A123456",
            "edgectl pull --workspace lung-ct --patient-id 123456 --from 20200101 --to 20251231",
            "edgectl pull --workspace lung-ct --file cohort.csv --reason \"protocol 2026-04\"",
            "edgectl pull list --workspace lung-ct",
            "edgectl pull resume 3f2a...");
        setup.Action(command, async (parse, session) =>
        {
            var request = new StartPullRequest { Workspace = parse.GetValue(workspace)!, Reason = parse.GetValue(reason) ?? "" };
            var given = new[] { parse.GetValue(accession) is not null, parse.GetValue(studyUid) is not null, parse.GetValue(patientId) is not null, parse.GetValue(file) is not null }
                .Count(b => b);
            if (given != 1)
            {
                Console.Error.WriteLine("edgectl: give exactly one of --accession, --study-uid, --patient-id or --file");
                return ExitCodes.Usage;
            }
            if (parse.GetValue(accession) is { } a)
            {
                request.AccessionNumber = a;
            }
            else if (parse.GetValue(studyUid) is { } u)
            {
                request.StudyInstanceUid = u;
            }
            else if (parse.GetValue(patientId) is { } p)
            {
                request.Patient = new PatientSelection { PatientId = p, StudyDates = new DateRange { From = parse.GetValue(from) ?? "", To = parse.GetValue(to) ?? "" } };
            }
            else
            {
                var list = StudyListFile.Read(parse.GetValue(file)!.FullName, out var problem);
                if (list is null)
                {
                    Console.Error.WriteLine($"edgectl: {problem}");
                    return ExitCodes.Usage;
                }
                request.Studies = list;
            }
            return await FollowAsync(session, session.StreamAsync<StartPullRequest, PullProgress>(Service + "StartPull", request)).ConfigureAwait(false);
        });

        command.Subcommands.Add(List(setup));
        command.Subcommands.Add(Resume(setup));
        command.Subcommands.Add(Cancel(setup));
        return command;
    }

    private static Command List(CommandSetup setup)
    {
        var workspace = new Option<string?>("--workspace", "-w") { Description = "Only this workspace", HelpName = "NAME" };
        var all = new Option<bool>("--all") { Description = "Include finished pulls" };
        var command = new Command("list", "Pulls running or interrupted (with --all, finished ones too)") { workspace, all };
        setup.Example(command, "edgectl pull list", "edgectl --json pull list --all");
        setup.Action(command, async (parse, session) =>
        {
            var answer = await session.CallAsync<ListPullsRequest, ListPullsResponse>(Service + "ListPulls",
                new ListPullsRequest { Workspace = parse.GetValue(workspace) ?? "", IncludeFinished = parse.GetValue(all) }).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.WriteStartArray("pulls");
                foreach (var p in answer.Pulls)
                {
                    WriteJson(w, p);
                }
                w.WriteEndArray();
            }, () =>
            {
                var table = Formats.Table("PULL", "WORKSPACE", "STATE", "STUDIES", "INSTANCES", "REQUESTED BY", "CREATED");
                foreach (var p in answer.Pulls)
                {
                    var g = p.Progress ?? new PullProgress();
                    // Cells as text, never markup: a value with a bracket must print as it is.
                    table.AddRow(Formats.Cell(p.PullId), Formats.Cell(p.Workspace), Formats.Cell(JsonOutput.Word(g.State)),
                        Formats.Cell($"{g.StudiesDone}/{g.StudiesTotal} ({g.StudiesFailed} failed)"), Formats.Cell(Formats.Number(g.InstancesReceived)),
                        Formats.Cell(p.RequestedBy), Formats.Cell(Formats.Instant(p.CreatedAt)));
                }
                session.Out.Write(table);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Resume(CommandSetup setup)
    {
        var id = new Argument<string>("pull-id") { Description = "The pull to continue (edgectl pull list)" };
        var command = new Command("resume", "Continue an interrupted, failed or cancelled pull: studies already done are skipped") { id };
        setup.Example(command, "edgectl pull resume 3f2a9c...");
        setup.Action(command, (parse, session) =>
            FollowAsync(session, session.StreamAsync<ResumePullRequest, PullProgress>(Service + "ResumePull", new ResumePullRequest { PullId = parse.GetValue(id)! })));
        return command;
    }

    private static Command Cancel(CommandSetup setup)
    {
        var id = new Argument<string>("pull-id") { Description = "The pull to stop" };
        var reason = new Option<string?>("--reason") { Description = "Why (audited)", HelpName = "TEXT" };
        var command = new Command("cancel", "Stop a running pull after the study in progress (it can be resumed)") { id, reason };
        setup.Example(command, "edgectl pull cancel 3f2a9c... --reason \"wrong cohort\"");
        setup.Action(command, async (parse, session) =>
        {
            var summary = await session.CallAsync<CancelPullRequest, PullSummary>(Service + "CancelPull",
                new CancelPullRequest { PullId = parse.GetValue(id)!, Reason = parse.GetValue(reason) ?? "" }).ConfigureAwait(false);
            session.Answer(w => WriteJson(w, summary), () => session.Say($"Pull {summary.PullId}: {JsonOutput.Word(summary.Progress?.State ?? PullState.Unspecified)}."));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Shows progress until the pull ends, then the report. Exit 0 when it completed, 5 when the PACS matched no study
    /// at all, 6 when studies failed or the pull was interrupted or cancelled.
    /// </summary>
    private static async Task<int> FollowAsync(CliSession session, IAsyncEnumerable<PullProgress> updates)
    {
        PullProgress? last = null;
        if (session.ShowsProgress)
        {
            await session.Error.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("Finding studies", maxValue: 1);
                    await foreach (var p in updates.ConfigureAwait(false))
                    {
                        last = p;
                        task.MaxValue = Math.Max(p.StudiesTotal, 1);
                        task.Value = p.StudiesDone + p.StudiesFailed;
                        task.Description = $"{JsonOutput.Word(p.State)}: {p.StudiesDone}/{p.StudiesTotal} studies, {Formats.Number(p.InstancesReceived)} instances";
                    }
                }).ConfigureAwait(false);
        }
        else
        {
            string? shown = null;
            await foreach (var p in updates.ConfigureAwait(false))
            {
                last = p;
                if (session.Json)
                {
                    session.WriteJsonLine(w => WriteJson(w, p));
                    continue;
                }
                // Redirected to a file or a pipe: a plain line each time the state or a study count changes, so that
                // a log shows how far a long pull got without a line per instance.
                var studies = $"{JsonOutput.Word(p.State)}: {p.StudiesDone}/{p.StudiesTotal} studies done, {p.StudiesFailed} failed";
                if (studies != shown)
                {
                    shown = studies;
                    Console.Error.WriteLine($"{studies}, {Formats.Number(p.InstancesReceived)} instances received");
                }
            }
        }
        if (last is null)
        {
            throw new RpcException(StatusCode.Internal, "The pull ended without any progress report.");
        }
        if (!session.Json)
        {
            session.Out.Write(Formats.Fields(
                ("Pull", last.PullId),
                ("State", JsonOutput.Word(last.State)),
                ("Studies", $"{last.StudiesDone} done, {last.StudiesFailed} failed, of {last.StudiesTotal}"),
                ("Instances", $"{Formats.Number(last.InstancesReceived)} received, {Formats.Number(last.InstancesFailed)} failed, {Formats.Number(last.InstancesWarning)} with warnings"),
                ("Problem", last.Problem)));
        }
        return last.State != PullState.Completed || last.StudiesFailed > 0 ? ExitCodes.CheckFailed
            : last.StudiesTotal == 0 ? ExitCodes.NotFound
            : ExitCodes.Success;
    }

    private static void WriteJson(Utf8JsonWriter w, PullSummary s)
    {
        w.WriteStartObject();
        w.WriteString("pull_id", s.PullId);
        w.WriteString("workspace", s.Workspace);
        w.WriteString("requested_by", s.RequestedBy);
        w.Instant("created_at", s.CreatedAt);
        w.WritePropertyName("progress");
        WriteJson(w, s.Progress ?? new PullProgress());
        w.WriteEndObject();
    }

    private static void WriteJson(Utf8JsonWriter w, PullProgress p)
    {
        w.WriteStartObject();
        w.WriteString("pull_id", p.PullId);
        w.WriteString("state", JsonOutput.Word(p.State));
        w.WriteNumber("studies_total", p.StudiesTotal);
        w.WriteNumber("studies_done", p.StudiesDone);
        w.WriteNumber("studies_failed", p.StudiesFailed);
        w.WriteNumber("instances_received", p.InstancesReceived);
        w.WriteNumber("instances_failed", p.InstancesFailed);
        w.WriteNumber("instances_warning", p.InstancesWarning);
        w.Instant("updated_at", p.UpdatedAt);
        w.StringOrNull("problem", p.Problem);
        w.WriteEndObject();
    }
}

/// <summary>
/// A cohort file: one study per line, an accession number or a Study Instance UID (told apart by their form), or a
/// CSV with a header naming an accession or study UID column.
/// </summary>
internal static class StudyListFile
{
    public static StudyList? Read(string path, out string problem)
    {
        problem = "";
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"{path}: cannot read: {ex.Message}";
            return null;
        }
        var column = 0;
        var header = lines.Length > 0 ? lines[0].Split(',').Select(h => h.Trim().Trim('"').ToLowerInvariant()).ToArray() : [];
        var named = Array.FindIndex(header, h => h is "accessionnumber" or "accession_number" or "accession" or "studyinstanceuid" or "study_instance_uid" or "study_uid" or "studyuid");
        if (named >= 0)
        {
            column = named;
            lines = lines[1..];
        }
        var list = new StudyList();
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            var value = column < cells.Length ? cells[column].Trim().Trim('"') : "";
            if (value.Length == 0)
            {
                problem = $"{path}: line {i + 1 + (named >= 0 ? 1 : 0)} has no value in its study column";
                return null;
            }
            list.Studies.Add(LooksLikeUid(value) ? new StudyKey { StudyInstanceUid = value } : new StudyKey { AccessionNumber = value });
        }
        if (list.Studies.Count == 0)
        {
            problem = $"{path}: no study listed";
            return null;
        }
        return list;
    }

    private static bool LooksLikeUid(string s) => s.Count(c => c == '.') >= 2 && s.All(c => char.IsAsciiDigit(c) || c == '.');
}
