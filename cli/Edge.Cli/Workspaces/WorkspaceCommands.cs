using System.CommandLine;
using Edge.Cli.Output;
using Edge.Cli.Shell;
using Edge.Cli.Transport;
using Edge.Control.V1;
using Edge.Control.Wire;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace Edge.Cli.Workspaces;

/// <summary><c>edgectl workspace create|list|show|update|purge</c>: project sandboxes (edge.control.v1.Workspaces).</summary>
public static class WorkspaceCommands
{
    private const string Service = "/edge.control.v1.Workspaces/";
    private const double BytesPerGib = 1024d * 1024 * 1024;

    public static Command Create(CommandSetup setup)
    {
        var command = new Command("workspace", "Create, list, show, change and purge workspaces (one per research project)");
        command.Subcommands.Add(CreateWorkspace(setup));
        command.Subcommands.Add(List(setup));
        command.Subcommands.Add(Show(setup));
        command.Subcommands.Add(Update(setup));
        command.Subcommands.Add(Purge(setup));
        return command;
    }

    private static Argument<string> NameArgument() =>
        new("NAME") { Description = "Workspace name: 1 to 40 characters of a-z, 0-9, '_' and '-'" };

    private static Option<List<AllowedCaller>> CallerOption(string name, string description) =>
        OptionKinds.Repeated<AllowedCaller>(name, "AE[@HOST]", description, PeerSpecs.ParseCaller);

    private static Option<List<ResearchNode>> NodeOption(string name, string description) =>
        OptionKinds.Repeated<ResearchNode>(name, "AE[@HOST[:PORT]]", description, PeerSpecs.ParseNode);

    private static Option<List<DestinationGrant>> DestinationOption() =>
        OptionKinds.Repeated<DestinationGrant>("--move-destination", "NODE=AE@HOST:PORT",
            "Lets research node NODE (given in the same command) send C-MOVE to AE at HOST:PORT (repeatable)", PeerSpecs.ParseMoveDestination);

    private static Option<double?> QuotaOption()
    {
        var quota = new Option<double?>("--quota-gb")
        {
            Description = "Most GiB of instances the workspace may hold; beyond it C-STORE answers out of resources",
            HelpName = "GIB",
        };
        quota.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is <= 0)
            {
                result.AddError("--quota-gb must be positive.");
            }
        });
        return quota;
    }

    private static Command CreateWorkspace(CommandSetup setup)
    {
        var name = NameArgument();
        var ae = new Option<string>("--ae") { Description = "Called AE title the PACS sends this project's studies to", HelpName = "AE_TITLE", Required = true };
        var profile = new Option<string?>("--profile") { Description = "De-identification profile: a built-in name or a profile file on the daemon's host (default research-default)", HelpName = "PROFILE" };
        var callers = CallerOption("--caller", "Who may store: an AE title, @HOST (any AE title from that host), or AE@HOST (repeatable)");
        var nodes = NodeOption("--node", "Research node that may query (C-FIND) and retrieve (C-GET); with :PORT also C-MOVE to itself there (repeatable)");
        var destinations = DestinationOption();
        var retain = OptionKinds.Date("--retain-until", "Last day the data is kept (UTC); the retention job purges it after");
        var quota = QuotaOption();
        var owner = new Option<string?>("--owner") { Description = "User owning the workspace's files (default: the daemon's configuration)", HelpName = "USER" };
        var group = new Option<string?>("--group") { Description = "Group of the workspace's files, for research users to read them", HelpName = "GROUP" };
        var command = new Command("create", "Create a workspace; its AE title is answered at once") { name, ae, profile, callers, nodes, destinations, retain, quota, owner, group };
        RequireNodesForDestinations(command, nodes, destinations);
        setup.Example(command,
            "edgectl workspace create lung-ct --ae EDGE_LUNG --caller PACS@10.1.2.3",
            "edgectl workspace create cardio --ae EDGE_CARDIO --profile /etc/edge/cardio.yaml --caller '@10.1.0.0/16' --node GPU1@10.9.0.4:11112 --retain-until 2027-12-31 --quota-gb 500");
        setup.Action(command, async (parse, session) =>
        {
            var request = new CreateWorkspaceRequest
            {
                Name = parse.GetValue(name)!,
                AeTitle = parse.GetValue(ae)!,
                Profile = parse.GetValue(profile) ?? "",
                Owner = parse.GetValue(owner) ?? "",
                Group = parse.GetValue(group) ?? "",
            };
            request.AllowedCallers.Add(parse.GetValue(callers)!);
            request.ResearchNodes.Add(WithDestinations(parse.GetValue(nodes)!, parse.GetValue(destinations)!));
            if (parse.GetValue(retain) is { } until)
            {
                request.RetainUntil = EndOfDay(until);
            }
            if (parse.GetValue(quota) is { } gib)
            {
                request.QuotaBytes = (ulong)(gib * BytesPerGib);
            }
            var workspace = await session.CallAsync<CreateWorkspaceRequest, Workspace>(Service + "CreateWorkspace", request).ConfigureAwait(false);
            session.Answer(w => WorkspaceViews.WriteJson(w, workspace, null), () =>
            {
                session.Say($"Workspace {workspace.Name} created: the AE title {workspace.AeTitle} is answered now.");
                session.Out.Write(WorkspaceViews.Show(workspace, null));
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CommandSetup setup)
    {
        var command = new Command("list", "List the workspaces with their counts and size");
        setup.Example(command, "edgectl workspace list", "edgectl --json workspace list | jq -r '.workspaces[].name'");
        setup.Action(command, async (_, session) =>
        {
            var response = await session.CallAsync<ListWorkspacesRequest, ListWorkspacesResponse>(Service + "ListWorkspaces", new()).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.WriteStartArray("workspaces");
                foreach (var d in response.Workspaces)
                {
                    WorkspaceViews.WriteJson(w, d.Workspace, d.Usage ?? new WorkspaceUsage());
                }
                w.WriteEndArray();
            }, () => session.Out.Write(WorkspaceViews.List(response.Workspaces)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CommandSetup setup)
    {
        var name = NameArgument();
        var command = new Command("show", "Show a workspace: settings, counts of patients, studies, series and instances, size") { name };
        setup.Example(command, "edgectl workspace show lung-ct");
        setup.Action(command, async (parse, session) =>
        {
            var details = await session.CallAsync<GetWorkspaceRequest, WorkspaceDetails>(Service + "GetWorkspace",
                new GetWorkspaceRequest { Name = parse.GetValue(name)! }).ConfigureAwait(false);
            var usage = details.Usage ?? new WorkspaceUsage();
            session.Answer(w => WorkspaceViews.WriteJson(w, details.Workspace, usage), () => session.Out.Write(WorkspaceViews.Show(details.Workspace, usage)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Update(CommandSetup setup)
    {
        var name = NameArgument();
        var ae = new Option<string?>("--ae") { Description = "New called AE title", HelpName = "AE_TITLE" };
        var profile = new Option<string?>("--profile") { Description = "New de-identification profile (for instances received from now on)", HelpName = "PROFILE" };
        var addCallers = CallerOption("--add-caller", "Also allow this sender to store (repeatable)");
        var removeCallers = CallerOption("--remove-caller", "No longer allow this sender, written as when it was added (repeatable)");
        var addNodes = NodeOption("--add-node", "Grant a research node, or grant it again as now given (repeatable)");
        var removeNodes = new Option<string[]>("--remove-node") { Description = "Revoke the research node with this AE title (repeatable)", HelpName = "AE", Arity = ArgumentArity.ZeroOrMore };
        var destinations = DestinationOption();
        var retain = OptionKinds.Date("--retain-until", "New last day the data is kept (UTC)");
        var keep = new Option<bool>("--keep-indefinitely") { Description = "Remove the retention date: kept until purged by hand" };
        var quota = QuotaOption();
        var noQuota = new Option<bool>("--no-quota") { Description = "Remove the quota" };
        var command = new Command("update", "Change a workspace's settings; the name never changes")
        {
            name, ae, profile, addCallers, removeCallers, addNodes, removeNodes, destinations, retain, keep, quota, noQuota,
        };
        OptionKinds.Exclusive(command, retain, keep);
        OptionKinds.Exclusive(command, quota, noQuota);
        RequireNodesForDestinations(command, addNodes, destinations);
        setup.Example(command,
            "edgectl workspace update lung-ct --add-caller PACS2@10.1.2.4 --retain-until 2028-06-30",
            "edgectl workspace update lung-ct --remove-node GPU1 --no-quota");
        setup.Action(command, async (parse, session) =>
        {
            var request = new UpdateWorkspaceRequest { Name = parse.GetValue(name)! };
            if (parse.GetValue(ae) is { } aeTitle)
            {
                request.AeTitle = aeTitle;
            }
            if (parse.GetValue(profile) is { } newProfile)
            {
                request.Profile = newProfile;
            }
            request.AddAllowedCallers.Add(parse.GetValue(addCallers)!);
            request.RemoveAllowedCallers.Add(parse.GetValue(removeCallers)!);
            request.AddResearchNodes.Add(WithDestinations(parse.GetValue(addNodes)!, parse.GetValue(destinations)!));
            request.RemoveResearchNodes.Add(parse.GetValue(removeNodes) ?? []);
            if (parse.GetValue(retain) is { } until)
            {
                request.RetainUntil = EndOfDay(until);
            }
            else if (parse.GetValue(keep))
            {
                request.KeepIndefinitely = true;
            }
            if (parse.GetValue(quota) is { } gib)
            {
                request.QuotaBytes = (ulong)(gib * BytesPerGib);
            }
            else if (parse.GetValue(noQuota))
            {
                request.NoQuota = true;
            }
            var workspace = await session.CallAsync<UpdateWorkspaceRequest, Workspace>(Service + "UpdateWorkspace", request).ConfigureAwait(false);
            session.Answer(w => WorkspaceViews.WriteJson(w, workspace, null), () =>
            {
                session.Say($"Workspace {workspace.Name} updated.");
                session.Out.Write(WorkspaceViews.Show(workspace, null));
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Purge(CommandSetup setup)
    {
        var name = NameArgument();
        var forget = new Option<bool>("--forget-mapping")
        {
            Description = "Also erase the workspace's identities and secret from the ledger (GDPR erasure): its pseudonyms can never be re-identified again",
        };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit trail (required with --forget-mapping)", HelpName = "TEXT" };
        var onlyExpired = new Option<bool>("--only-if-expired") { Description = "Refuse unless the workspace's retention date has passed" };
        var command = new Command("purge", "Delete a workspace's files and index (audited); it keeps its name and takes no more instances")
        {
            name, forget, reason, onlyExpired,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(forget) && string.IsNullOrWhiteSpace(result.GetValue(reason)))
            {
                result.AddError("--forget-mapping erases identities: give --reason for the audit trail.");
            }
        });
        setup.Example(command,
            "edgectl workspace purge lung-ct --reason \"project closed\"",
            "edgectl workspace purge lung-ct --forget-mapping --reason \"GDPR erasure request 2026-117\"");
        setup.Action(command, async (parse, session) =>
        {
            var request = new PurgeWorkspaceRequest
            {
                Name = parse.GetValue(name)!,
                ForgetMapping = parse.GetValue(forget),
                Reason = parse.GetValue(reason) ?? "",
                OnlyIfExpired = parse.GetValue(onlyExpired),
            };
            var updates = session.StreamAsync<PurgeWorkspaceRequest, PurgeWorkspaceUpdate>(Service + "PurgeWorkspace", request);
            var result = session.ShowsProgress
                ? await PurgeWithProgressAsync(session, request.Name, updates).ConfigureAwait(false)
                : await LastResultAsync(updates).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.WriteString("workspace", request.Name);
                w.WriteNumber("files_removed", result.FilesRemoved);
                w.WriteNumber("bytes_removed", result.BytesRemoved);
                w.WriteBoolean("mapping_forgotten", result.MappingForgotten);
                w.WriteNumber("patients_forgotten", result.PatientsForgotten);
            }, () =>
            {
                var erased = result.MappingForgotten ? $"; the ledger's mappings of {result.PatientsForgotten} patients were erased" : "";
                session.Say($"Purged {request.Name}: {Formats.Number(result.FilesRemoved)} files, {Formats.Bytes(result.BytesRemoved)} removed{erased}.");
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<PurgeWorkspaceResult> PurgeWithProgressAsync(CliSession session, string name, IAsyncEnumerable<PurgeWorkspaceUpdate> updates)
    {
        PurgeWorkspaceResult? result = null;
        await session.Error.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Purging {Markup.Escape(name)}", maxValue: 1);
                await foreach (var update in updates.ConfigureAwait(false))
                {
                    if (update.Progress is { } p)
                    {
                        task.MaxValue = Math.Max(p.FilesTotal, 1);
                        task.Value = p.FilesRemoved;
                    }
                    else if (update.Result is { } r)
                    {
                        result = r;
                        task.Value = task.MaxValue;
                    }
                }
            }).ConfigureAwait(false);
        return result ?? throw new RpcException(StatusCode.Internal, "The purge ended without a result.");
    }

    private static async Task<PurgeWorkspaceResult> LastResultAsync(IAsyncEnumerable<PurgeWorkspaceUpdate> updates)
    {
        await foreach (var update in updates.ConfigureAwait(false))
        {
            if (update.Result is { } result)
            {
                return result;
            }
        }
        throw new RpcException(StatusCode.Internal, "The purge ended without a result.");
    }

    /// <summary>Each --move-destination must name a node given in the same command.</summary>
    private static void RequireNodesForDestinations(Command command, Option<List<ResearchNode>> nodes,
        Option<List<DestinationGrant>> destinations) =>
        command.Validators.Add(result =>
        {
            // From the tokens: a value that does not parse has its own error already, and GetValue would throw.
            var given = (result.GetResult(nodes)?.Tokens ?? []).Select(t => PeerSpecs.ParseNode(t.Value, out _)?.AeTitle)
                .OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var token in result.GetResult(destinations)?.Tokens ?? [])
            {
                if (PeerSpecs.ParseMoveDestination(token.Value, out _) is { } d && !given.Contains(d.Node))
                {
                    result.AddError($"--move-destination {d.Node}=...: {d.Node} is not a node given with {nodes.Name}.");
                }
            }
        });

    private static IEnumerable<ResearchNode> WithDestinations(List<ResearchNode> nodes, List<DestinationGrant> destinations)
    {
        foreach (var (node, destination) in destinations)
        {
            var target = nodes.First(n => n.AeTitle == node);
            target.AllowMove = true;
            target.MoveDestinations.Add(destination);
        }
        return nodes;
    }

    /// <summary>The last instant of a day in UTC: data retained "until 2027-12-31" is kept all that day.</summary>
    private static Timestamp EndOfDay(DateOnly day) => Timestamp.FromDateTime(day.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc));
}
