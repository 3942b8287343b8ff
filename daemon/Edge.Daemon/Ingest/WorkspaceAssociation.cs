using System.Runtime.CompilerServices;
using Edge.Daemon.Composition;
using Edge.Dicom;
using Edge.Dicom.Network;
using Edge.Workspaces;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Storage;
using Edge.Workspaces.Query;
using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Ingest;

/// <summary>
/// One association with one workspace: C-ECHO, C-STORE into the workspace through the ingest pipeline (for callers
/// allowed to store), and C-FIND/C-GET/C-MOVE over the workspace's index (for research nodes granted to it). A node
/// only ever sees the workspace its called AE title selected.
/// </summary>
public sealed class WorkspaceAssociation : ICEchoProvider, ICStoreProvider, ICFindProvider, ICGetProvider, ICMoveProvider
{
    private readonly EdgeRuntime _runtime;
    private readonly IngestPipeline _pipeline;
    private readonly WorkspaceStore _store;
    private readonly bool _canStore;
    private readonly ResearchNode? _node;
    private readonly ILogger _logger;

    public WorkspaceAssociation(EdgeRuntime runtime, IngestPipeline pipeline, WorkspaceStore store, bool canStore, ResearchNode? node, ILogger logger)
    {
        _runtime = runtime;
        _pipeline = pipeline;
        _store = store;
        _canStore = canStore;
        _node = node;
        _logger = logger;
        runtime.Monitor.AssociationOpened();
    }

    public ValueTask OnAssociationEndedAsync(AssociationEndReason reason)
    {
        _runtime.Monitor.AssociationClosed();
        return ValueTask.CompletedTask;
    }

    public ValueTask<DimseResult> OnCEchoAsync(CEchoRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(DimseResult.Success);

    // ---- C-STORE -----------------------------------------------------------------------------------------

    public ValueTask<Stream> OpenReceiveStreamAsync(CStoreRequest request, CancellationToken cancellationToken)
    {
        if (!_canStore)
        {
            throw new DimseStatusException(DicomStatus.NotAuthorized, "this AE may query and retrieve, not store");
        }
        var path = Path.Combine(_runtime.Paths.Spool, Guid.NewGuid().ToString("N") + ".spool");
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 64 * 1024,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        return ValueTask.FromResult<Stream>(stream);
    }

    public async ValueTask<DimseResult> OnReceivedAsync(CStoreRequest request, Stream received, CancellationToken cancellationToken)
    {
        var spool = (FileStream)received;
        try
        {
            return await _pipeline.ProcessAsync(_store, request, spool, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DiscardAsync(spool).ConfigureAwait(false);
        }
    }

    public ValueTask OnReceiveAbortedAsync(CStoreRequest request, Stream partial) => DiscardAsync((FileStream)partial);

    private static async ValueTask DiscardAsync(FileStream spool)
    {
        var path = spool.Name;
        await spool.DisposeAsync().ConfigureAwait(false);
        // Quarantine may have moved it away; otherwise the spool copy of the received data (with PHI) goes now.
        File.Delete(path);
    }

    // ---- C-FIND, C-GET, C-MOVE -----------------------------------------------------------------------------

    public async IAsyncEnumerable<CFindResponse> OnCFindAsync(CFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_node is not { AllowFind: true })
        {
            yield return new CFindResponse(DicomStatus.NotAuthorized, null, "this AE may not query this workspace");
            yield break;
        }
        WorkspaceQuery query;
        string? problem = null;
        try
        {
            query = WorkspaceQuery.FromIdentifier(request.Identifier);
        }
        catch (InvalidQueryException ex)
        {
            query = null!;
            problem = ex.Message;
        }
        if (problem is not null)
        {
            yield return new CFindResponse(DicomStatus.DataSetDoesNotMatchSopClass, null, Trim(problem));
            yield break;
        }
        var count = 0;
        await foreach (var match in _store.FindAsync(query, cancellationToken).ConfigureAwait(false))
        {
            count++;
            yield return CFindResponse.Match(query.ToIdentifier(match));
        }
        IngestLog.QueryAnswered(_logger, "C-FIND", _store.Name, request.Association.CallingAeTitle, count);
    }

    public async ValueTask<RetrieveSet> OnCGetAsync(CGetRequest request, CancellationToken cancellationToken)
    {
        if (_node is not { AllowGet: true })
        {
            throw new DimseStatusException(DicomStatus.NotAuthorized, "this AE may not retrieve from this workspace");
        }
        return await RetrieveAsync("C-GET", request, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<DicomPeer?> ResolveMoveDestinationAsync(CMoveRequest request, CancellationToken cancellationToken)
    {
        var destination = _node is { AllowMove: true } ? _node.FindMoveDestination(request.MoveDestination) : null;
        return ValueTask.FromResult(destination is null ? null : new DicomPeer(destination.Host, destination.Port, destination.AeTitle));
    }

    public async ValueTask<RetrieveSet> OnCMoveAsync(CMoveRequest request, CancellationToken cancellationToken)
    {
        if (_node is not { AllowMove: true })
        {
            throw new DimseStatusException(DicomStatus.NotAuthorized, "this AE may not retrieve from this workspace");
        }
        return await RetrieveAsync("C-MOVE", request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RetrieveSet> RetrieveAsync(string operation, QueryRetrieveRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyList<InstanceFileInfo> files;
        try
        {
            files = await _store.ListInstanceFilesAsync(WorkspaceQuery.FromIdentifier(request.Identifier), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidQueryException ex)
        {
            throw new DimseStatusException(DicomStatus.DataSetDoesNotMatchSopClass, Trim(ex.Message));
        }
        if (files.Count > ushort.MaxValue)
        {
            throw new DimseStatusException(DicomStatus.OutOfResourcesSubOperations, "more than 65535 instances match; retrieve series by series");
        }
        IngestLog.QueryAnswered(_logger, operation, _store.Name, request.Association.CallingAeTitle, files.Count);
        return new RetrieveSet(files.Count, Open(files));
    }

    private static async IAsyncEnumerable<InstanceFile> Open(IReadOnlyList<InstanceFileInfo> files)
    {
        foreach (var f in files)
        {
            InstanceFile? file = null;
            try
            {
                file = InstanceFile.Open(f.Path);
            }
            catch (Exception ex) when (ex is DicomException or IOException)
            {
                // A file replaced or purged meanwhile: the engine counts it as a failed sub-operation.
            }
            if (file is not null)
            {
                yield return file;
            }
            await Task.Yield();
        }
    }

    private static string Trim(string s) => s.Length > 64 ? s[..64] : s;
}
