using System.Globalization;
using System.Threading.Channels;
using Edge.Control.Methods;
using Edge.Control.V1;
using Edge.Daemon.Composition;
using Edge.Ledger;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Storage;

namespace Edge.Daemon.Control;

/// <summary>
/// edge.control.v1.Workspaces: definitions go to the registry (persisted, answered at once by the association
/// acceptor), counts come from each workspace's index, and every change is audited in the ledger with the caller.
/// </summary>
internal sealed class WorkspaceService(EdgeRuntime runtime)
{
    private const string Service = "/edge.control.v1.Workspaces/";

    private WorkspaceRegistry Registry => runtime.Workspaces.Registry;

    public static void Map(ControlMethodRegistry registry, EdgeRuntime runtime)
    {
        var service = new WorkspaceService(runtime);
        registry
            .MapUnary<CreateWorkspaceRequest, Workspace>(Service + "CreateWorkspace", service.CreateAsync)
            .MapUnary<ListWorkspacesRequest, ListWorkspacesResponse>(Service + "ListWorkspaces", service.ListAsync)
            .MapUnary<GetWorkspaceRequest, WorkspaceDetails>(Service + "GetWorkspace", service.GetAsync)
            .MapUnary<UpdateWorkspaceRequest, Workspace>(Service + "UpdateWorkspace", service.UpdateAsync)
            .MapServerStreaming<PurgeWorkspaceRequest, PurgeWorkspaceUpdate>(Service + "PurgeWorkspace", service.PurgeAsync);
    }

    public async Task<Workspace> CreateAsync(CreateWorkspaceRequest request, ControlCallContext context)
    {
        RequireNoDescription(request.Description);
        var definition = WorkspaceMessages.ToDefinition(request, runtime.Configuration.Storage).Validate();
        if (Registry.Find(definition.Name) is { } existing)
        {
            throw ControlErrors.AlreadyExists(existing.IsPurged
                ? $"A workspace named {existing.Name} existed and was purged; a purged workspace keeps its name."
                : $"A workspace named {existing.Name} already exists.");
        }
        RequireFreeAeTitle(definition.AeTitle, definition.Name);
        // An unknown profile is refused before the AE title is answered, not on the first instance.
        runtime.EngineFor(definition.Profile);

        await runtime.Workspaces.CreateAsync(definition, context.CancellationToken).ConfigureAwait(false);
        // Its secret now, so that the ledger knows the workspace (lookups answer "not found", not "no such workspace").
        await runtime.KeyForAsync(definition.Name).ConfigureAwait(false);
        await runtime.Ledger.RecordWorkspaceChangeAsync(new WorkspaceChange(definition.Name, WorkspaceChangeKind.Created,
            ControlCaller.Actor(context), null, WorkspaceMessages.Settings(definition)), CancellationToken.None).ConfigureAwait(false);
        return WorkspaceMessages.ToMessage(definition, CreatedAt(definition.Name), DateTimeOffset.UtcNow);
    }

    public async Task<ListWorkspacesResponse> ListAsync(ListWorkspacesRequest request, ControlCallContext context)
    {
        var created = runtime.Ledger.ListWorkspaces().ToDictionary(w => w.Name, w => (DateTimeOffset?)w.CreatedAt, StringComparer.Ordinal);
        var quarantined = QuarantinedByWorkspace();
        var response = new ListWorkspacesResponse();
        foreach (var definition in Registry.All)
        {
            response.Workspaces.Add(await DetailsAsync(definition, created.GetValueOrDefault(definition.Name), quarantined, context.CancellationToken)
                .ConfigureAwait(false));
        }
        return response;
    }

    public async Task<WorkspaceDetails> GetAsync(GetWorkspaceRequest request, ControlCallContext context)
    {
        var definition = Registry.Get(request.Name);
        return await DetailsAsync(definition, CreatedAt(definition.Name), QuarantinedByWorkspace(), context.CancellationToken).ConfigureAwait(false);
    }

    public async Task<Workspace> UpdateAsync(UpdateWorkspaceRequest request, ControlCallContext context)
    {
        var current = Registry.Get(request.Name);
        if (current.IsPurged)
        {
            throw ControlErrors.FailedPrecondition($"The workspace {current.Name} was purged; it can no longer be changed.");
        }
        if (request.HasDescription)
        {
            RequireNoDescription(request.Description);
        }
        var updated = Apply(current, request).Validate();
        if (updated.AeTitle != current.AeTitle)
        {
            RequireFreeAeTitle(updated.AeTitle, updated.Name);
        }
        if (updated.Profile != current.Profile)
        {
            runtime.EngineFor(updated.Profile);
        }
        var changes = WorkspaceMessages.Changes(current, updated);
        if (changes.Count > 0)
        {
            await Registry.UpdateAsync(updated, context.CancellationToken).ConfigureAwait(false);
            await runtime.Ledger.RecordWorkspaceChangeAsync(new WorkspaceChange(updated.Name, WorkspaceChangeKind.Updated,
                ControlCaller.Actor(context), null, changes), CancellationToken.None).ConfigureAwait(false);
        }
        return WorkspaceMessages.ToMessage(changes.Count > 0 ? updated : current, CreatedAt(updated.Name), DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// Removes the files and index (reporting progress), audits the purge, then with forget_mapping erases the
    /// workspace from the ledger. Purging a purged workspace finishes whatever an interrupted purge left.
    /// </summary>
    public async Task PurgeAsync(PurgeWorkspaceRequest request, IControlStreamWriter<PurgeWorkspaceUpdate> responses, ControlCallContext context)
    {
        var definition = Registry.Get(request.Name);
        var reason = request.Reason.Trim();
        if (request.ForgetMapping && reason.Length == 0)
        {
            throw new ArgumentException("Erasing a workspace's mappings (forget_mapping) needs a reason, for the audit trail.");
        }
        if (request.OnlyIfExpired && !definition.IsExpired(DateTimeOffset.UtcNow))
        {
            throw ControlErrors.FailedPrecondition(definition.RetainUntil is { } until
                ? $"The workspace {definition.Name} is retained until {until:yyyy-MM-dd}; it has not expired."
                : $"The workspace {definition.Name} has no retention date; it never expires.");
        }
        var actor = ControlCaller.Actor(context);
        var result = new PurgeWorkspaceResult();
        PurgeResult? purged = null;
        try
        {
            purged = await PurgeFilesAsync(definition.Name, responses, context.CancellationToken).ConfigureAwait(false);
            result.FilesRemoved = (ulong)purged.FilesDeleted;
            result.BytesRemoved = (ulong)purged.BytesDeleted;
        }
        finally
        {
            // Audited even when cut short: the workspace is marked purged from the start and refuses instances.
            await runtime.Ledger.RecordWorkspaceChangeAsync(new WorkspaceChange(definition.Name, WorkspaceChangeKind.Purged, actor,
                reason.Length == 0 ? "purged through the control plane" : reason,
                [
                    new("completed", purged is null ? "no" : "yes"),
                    new("files", (purged?.FilesDeleted ?? 0).ToString(CultureInfo.InvariantCulture)),
                    new("bytes", (purged?.BytesDeleted ?? 0).ToString(CultureInfo.InvariantCulture)),
                ]), CancellationToken.None).ConfigureAwait(false);
        }
        if (request.ForgetMapping)
        {
            result.MappingForgotten = true;
            if (runtime.Ledger.ListWorkspaces().Any(w => w.Name == definition.Name))
            {
                var erasure = await runtime.Ledger.ForgetWorkspaceAsync(definition.Name, ControlCaller.Request(context, reason),
                    context.CancellationToken).ConfigureAwait(false);
                result.PatientsForgotten = (ulong)erasure.Patients;
            }
            runtime.ForgetKey(definition.Name);
        }
        await responses.WriteAsync(new PurgeWorkspaceUpdate { Result = result }).ConfigureAwait(false);
    }

    private async Task<PurgeResult> PurgeFilesAsync(string name, IControlStreamWriter<PurgeWorkspaceUpdate> responses, CancellationToken cancellationToken)
    {
        // Only the latest progress matters: a slow reader skips updates rather than slowing the deletion.
        var progress = Channel.CreateBounded<PurgeProgress>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        var purge = PurgeAndCompleteAsync();
        try
        {
            await foreach (var p in progress.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                await responses.WriteAsync(new PurgeWorkspaceUpdate
                {
                    Progress = new PurgeWorkspaceProgress
                    {
                        FilesRemoved = (ulong)p.FilesDeleted,
                        FilesTotal = (ulong)p.FilesTotal,
                        BytesRemoved = (ulong)p.BytesDeleted,
                    },
                }).ConfigureAwait(false);
            }
        }
        finally
        {
            // When the caller goes away the deletion sees the same token; let it stop before the call ends.
            await Task.WhenAny(purge).ConfigureAwait(false);
        }
        return await purge.ConfigureAwait(false);

        async Task<PurgeResult> PurgeAndCompleteAsync()
        {
            try
            {
                return await runtime.Workspaces.PurgeAsync(name, new ChannelProgress<PurgeProgress>(progress.Writer), cancellationToken)
                    .ConfigureAwait(false);
            }
            finally
            {
                progress.Writer.TryComplete();
            }
        }
    }

    private async Task<WorkspaceDetails> DetailsAsync(WorkspaceDefinition definition, DateTimeOffset? createdAt,
        IReadOnlyDictionary<string, int> quarantined, CancellationToken cancellationToken)
    {
        var stats = await runtime.Workspaces.GetStatsAsync(definition.Name, cancellationToken).ConfigureAwait(false);
        return new WorkspaceDetails
        {
            Workspace = WorkspaceMessages.ToMessage(definition, createdAt, DateTimeOffset.UtcNow),
            Usage = WorkspaceMessages.ToMessage(stats, quarantined.GetValueOrDefault(definition.Name)),
        };
    }

    private static WorkspaceDefinition Apply(WorkspaceDefinition current, UpdateWorkspaceRequest request)
    {
        var callers = current.AllowedCallers.ToList();
        foreach (var caller in request.RemoveAllowedCallers.Select(WorkspaceMessages.ToCaller))
        {
            if (!callers.Remove(caller))
            {
                throw new ArgumentException($"{caller.AeTitle ?? "*"}@{caller.Host ?? "*"} is not an allowed caller of {current.Name}.");
            }
        }
        callers.AddRange(request.AddAllowedCallers.Select(WorkspaceMessages.ToCaller).Where(c => !callers.Contains(c)).Distinct());

        var nodes = current.ResearchNodes.ToList();
        foreach (var aeTitle in request.RemoveResearchNodes)
        {
            if (nodes.RemoveAll(n => AeTitles.Same(n.AeTitle, aeTitle)) == 0)
            {
                throw new ArgumentException($"{aeTitle} is not a research node of {current.Name}.");
            }
        }
        foreach (var node in request.AddResearchNodes.Select(WorkspaceMessages.ToNode))
        {
            // The same node (AE title and host) granted again is granted as now asked.
            nodes.RemoveAll(n => AeTitles.Same(n.AeTitle, node.AeTitle) && n.Host == node.Host);
            nodes.Add(node);
        }

        return current with
        {
            AeTitle = request.HasAeTitle ? AeTitles.Normalise(request.AeTitle) : current.AeTitle,
            Profile = request.HasProfile ? request.Profile : current.Profile,
            AllowedCallers = callers,
            ResearchNodes = nodes,
            RetainUntil = request.RetentionCase switch
            {
                UpdateWorkspaceRequest.RetentionOneofCase.RetainUntil => request.RetainUntil.ToDateTimeOffset(),
                UpdateWorkspaceRequest.RetentionOneofCase.KeepIndefinitely when request.KeepIndefinitely => null,
                _ => current.RetainUntil,
            },
            QuotaBytes = request.QuotaCase switch
            {
                UpdateWorkspaceRequest.QuotaOneofCase.QuotaBytes => WorkspaceMessages.ToQuota(request.QuotaBytes),
                UpdateWorkspaceRequest.QuotaOneofCase.NoQuota when request.NoQuota => null,
                _ => current.QuotaBytes,
            },
        };
    }

    private void RequireFreeAeTitle(string aeTitle, string workspace)
    {
        if (Registry.FindByCalledAeTitle(aeTitle) is { } other && other.Name != workspace)
        {
            throw ControlErrors.AlreadyExists($"The AE title {AeTitles.Normalise(aeTitle)} already selects the workspace {other.Name}.");
        }
    }

    // Workspace definitions have no description yet: refused rather than silently dropped.
    private static void RequireNoDescription(string description)
    {
        if (description.Length > 0)
        {
            throw new ArgumentException("This daemon does not store workspace descriptions; leave description empty.");
        }
    }

    private DateTimeOffset? CreatedAt(string workspace) =>
        runtime.Ledger.ListWorkspaces().FirstOrDefault(w => w.Name == workspace)?.CreatedAt;

    private IReadOnlyDictionary<string, int> QuarantinedByWorkspace() =>
        runtime.Quarantine.List().CountBy(e => e.Workspace).ToDictionary(StringComparer.Ordinal);

    /// <summary>Forwards progress as it is reported, on the reporting thread (no synchronisation context hop).</summary>
    private sealed class ChannelProgress<T>(ChannelWriter<T> writer) : IProgress<T>
    {
        public void Report(T value) => writer.TryWrite(value);
    }
}
