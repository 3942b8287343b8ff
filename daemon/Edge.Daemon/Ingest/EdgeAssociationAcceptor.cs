using Edge.Daemon.Composition;
using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Workspaces;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Query;
using Edge.Workspaces.Storage;
using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Ingest;

/// <summary>
/// Decides every association: the called AE title selects the workspace (unknown → "called AE title not
/// recognised"); the calling AE (and host) must be a caller allowed to store there or a research node granted to it
/// (neither → "calling AE title not recognised"). Storage contexts are offered for every standard storage SOP class
/// (and the configured extra ones) in every transfer syntax Edge can store as received; query/retrieve contexts only
/// to research nodes, as their grants allow.
/// </summary>
public sealed class EdgeAssociationAcceptor : IAssociationAcceptor
{
    private readonly EdgeRuntime _runtime;
    private readonly IngestPipeline _pipeline;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly string[] _storageClasses;

    public EdgeAssociationAcceptor(EdgeRuntime runtime, IngestPipeline pipeline, ILoggerFactory loggers)
    {
        _runtime = runtime;
        _pipeline = pipeline;
        _loggers = loggers;
        _logger = loggers.CreateLogger<EdgeAssociationAcceptor>();
        _storageClasses = SopClasses.Storage.Select(s => s.Uid).Concat(runtime.Configuration.Dicom.ExtraSopClasses).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static readonly TransferSyntax[] s_storageSyntaxes = TransferSyntax.Known.ToArray();
    private static readonly TransferSyntax[] s_commandSyntaxes = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];

    public async ValueTask<AssociationDecision> OnAssociationRequestAsync(AssociationRequestInfo request, CancellationToken cancellationToken)
    {
        var remote = request.RemoteEndPoint?.Address;
        var remoteText = remote?.ToString() ?? "?";
        var store = await _runtime.Workspaces.FindStoreByCalledAeTitleAsync(request.CalledAeTitle, cancellationToken).ConfigureAwait(false);
        if (store is null || store.IsPurged)
        {
            IngestLog.Rejected(_logger, request.CallingAeTitle, remoteText, request.CalledAeTitle, "called AE title not recognised");
            return AssociationDecision.Reject(AssociateReject.CalledAeNotRecognized, "called AE title not recognised");
        }
        var definition = store.Definition;
        var canStore = await definition.AcceptsCallerAsync(request.CallingAeTitle, remote, cancellationToken).ConfigureAwait(false);
        var node = await definition.FindResearchNodeAsync(request.CallingAeTitle, remote, cancellationToken).ConfigureAwait(false);
        if (!canStore && node is null)
        {
            IngestLog.Rejected(_logger, request.CallingAeTitle, remoteText, request.CalledAeTitle, "calling AE title not recognised");
            return AssociationDecision.Reject(AssociateReject.CallingAeNotRecognized, "calling AE title not recognised");
        }

        var policy = new PresentationContextPolicy()
            .Accept(DicomServiceUids.Verification, s_commandSyntaxes)
            // Research nodes need the storage contexts too: C-GET sends on this association (SCP role).
            .Accept(_storageClasses, s_storageSyntaxes);
        var services = new List<string> { canStore ? "store" : "" };
        if (node is not null)
        {
            if (node.AllowFind)
            {
                policy.Accept([DicomServiceUids.PatientRootFind, DicomServiceUids.StudyRootFind], s_commandSyntaxes);
                services.Add("find");
            }
            if (node.AllowGet)
            {
                policy.Accept([DicomServiceUids.PatientRootGet, DicomServiceUids.StudyRootGet], s_commandSyntaxes);
                services.Add("get");
            }
            if (node.AllowMove)
            {
                policy.Accept([DicomServiceUids.PatientRootMove, DicomServiceUids.StudyRootMove], s_commandSyntaxes);
                services.Add("move");
            }
        }
        IngestLog.Accepted(_logger, request.CallingAeTitle, remoteText, request.CalledAeTitle, store.Name, string.Join(',', services.Where(s => s.Length > 0)));
        var provider = new WorkspaceAssociation(_runtime, _pipeline, store, canStore, node, _loggers.CreateLogger<WorkspaceAssociation>());
        var negotiated = policy.Negotiate(request.Request);
        return AssociationDecision.Accept(provider, negotiated.Contexts, negotiated.Roles,
            extendedNegotiations: node is null ? null : QueryNegotiation.Answer(request.Request.UserInformation.ExtendedNegotiations));
    }
}
