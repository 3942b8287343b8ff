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

    // One spool file serves all the C-STOREs of the association in turn: creating and unlinking a file per instance
    // costs more in the file system than the data written to it.
    private SpoolFile? _spool;

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

    public async ValueTask OnAssociationEndedAsync(AssociationEndReason reason)
    {
        _runtime.Monitor.AssociationClosed();
        await DropSpoolAsync().ConfigureAwait(false);
    }

    public ValueTask<DimseResult> OnCEchoAsync(CEchoRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(DimseResult.Success);

    // ---- C-STORE -----------------------------------------------------------------------------------------

    public ValueTask<Stream> OpenReceiveStreamAsync(CStoreRequest request, CancellationToken cancellationToken)
    {
        if (!_canStore)
        {
            throw new DimseStatusException(DicomStatus.NotAuthorized, "this AE may query and retrieve, not store");
        }
        _spool ??= SpoolFile.Create(_runtime.Paths.Spool);
        _spool.Rewind();
        return ValueTask.FromResult<Stream>(_spool);
    }

    public async ValueTask<DimseResult> OnReceivedAsync(CStoreRequest request, Stream received, CancellationToken cancellationToken)
    {
        var spool = (SpoolFile)received;
        try
        {
            spool.EndDataSet();
            return await _pipeline.ProcessAsync(_store, request, spool, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ForgetSpoolIfQuarantinedAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The data set was cut short (the association broke, or the spool could not be written): the spool goes now; a
    /// C-STORE that follows on the same association gets a fresh one.
    /// </summary>
    public ValueTask OnReceiveAbortedAsync(CStoreRequest request, Stream partial) => DropSpoolAsync();

    /// <summary>
    /// Once a data set has been handled: a spool that quarantine moved away is left to it, and the next instance gets
    /// a new one; otherwise the next data set overwrites this one (<see cref="SpoolFile.Rewind"/>). The spool (0600,
    /// in the state directory) is deleted when the association ends.
    /// </summary>
    private async ValueTask ForgetSpoolIfQuarantinedAsync()
    {
        if (_spool is not null && !File.Exists(_spool.Name))
        {
            await _spool.DisposeAsync().ConfigureAwait(false);
            _spool = null;
        }
    }

    private async ValueTask DropSpoolAsync()
    {
        if (_spool is null)
        {
            return;
        }
        var path = _spool.Name;
        await _spool.DisposeAsync().ConfigureAwait(false);
        _spool = null;
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
            query = WorkspaceQuery.FromIdentifier(request.Identifier, new QueryOptions
            {
                Model = QueryModels.FromSopClass(request.SopClassUid),
                RetrieveAeTitle = _store.Definition.AeTitle,
                CombinedDateTimeMatching = QueryNegotiation.CombinedDateTimeAgreed(request.Association, request.SopClassUid),
                InstanceDirectory = _store.Directory,
            });
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
            var query = WorkspaceQuery.FromIdentifier(request.Identifier, new QueryOptions { Model = QueryModels.FromSopClass(request.SopClassUid) });
            files = await _store.ListInstanceFilesAsync(query, cancellationToken).ConfigureAwait(false);
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
