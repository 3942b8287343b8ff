using System.Net;
using System.Net.Sockets;
using Edge.Dicom.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Dicom.Network;

/// <summary>The SCU side: opens associations to a peer. Each association is a <see cref="DicomClientAssociation"/>.</summary>
public sealed class DicomClient
{
    private readonly DicomClientOptions _options;
    private readonly ILogger _logger;

    public DicomClient(DicomClientOptions options, ILogger<DicomClient>? logger = null)
    {
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The contexts to propose for sending these files: their SOP classes in their stored syntaxes, plus native fallbacks.</summary>
    public static IReadOnlyList<ContextProposal> StorageProposals(IEnumerable<InstanceFile> files) =>
        StoreTransfer.ProposalsFor(files.Select(f => (f.SopClassUid, f.TransferSyntax)));

    public Task<DicomClientAssociation> AssociateAsync(DicomPeer peer, IReadOnlyList<ContextProposal> contexts, CancellationToken cancellationToken = default) =>
        AssociateAsync(peer, contexts, null, cancellationToken);

    /// <summary>Connects and negotiates an association.</summary>
    /// <exception cref="AssociationRejectedException">The peer rejected the association.</exception>
    /// <exception cref="DicomNetworkException">Connecting failed, timed out, or the peer answered badly.</exception>
    public async Task<DicomClientAssociation> AssociateAsync(DicomPeer peer, IReadOnlyList<ContextProposal> contexts, string? callingAeTitle,
        CancellationToken cancellationToken)
    {
        var request = BuildRequest(peer, contexts, callingAeTitle ?? _options.CallingAeTitle, _options.MaxPduLength, _options.UserIdentity);
        var socket = await ConnectAsync(peer, cancellationToken).ConfigureAwait(false);
        var lifetime = new CancellationTokenSource();
        var channel = new PduChannel(new NetworkStream(socket, ownsSocket: true), _options.MaxPduLength, lifetime.Token);
        try
        {
            await channel.WriteAsync(PduEncoder.Encode(request), _options.ArtimTimeout).ConfigureAwait(false);
            var pdu = await channel.ReadAsync(_options.ArtimTimeout).ConfigureAwait(false)
                ?? throw new ConnectionClosedException("The peer closed the connection instead of answering the association request");
            var accept = pdu.Type switch
            {
                PduType.AssociateAccept => PduDecoder.DecodeAssociateAccept(pdu.Body.Span),
                PduType.AssociateReject => throw new AssociationRejectedException(PduDecoder.DecodeAssociateReject(pdu.Body.Span)),
                PduType.Abort => throw new AssociationAbortedException(PduDecoder.DecodeAbort(pdu.Body.Span)),
                _ => throw new PduException($"{pdu.Type} PDU in answer to an A-ASSOCIATE-RQ", AbortReason.UnexpectedPdu),
            };
            if (accept.UserInformation.MaxPduLength is > 0 and < PduLimits.MinPeerMaximum)
            {
                throw new PduException($"The peer's maximum PDU length {accept.UserInformation.MaxPduLength} is too small", AbortReason.InvalidPduParameterValue);
            }
            var info = new AssociationInfo(request, accept, socket.RemoteEndPoint as IPEndPoint);
            NetworkLog.ClientAssociated(_logger, request.CallingAeTitle, peer.AeTitle, peer.Host, peer.Port,
                info.PresentationContexts.Count(c => c.IsAccepted), contexts.Count);
            var sendLength = PduLimits.SendLength(accept.UserInformation.MaxPduLength, _options.MaxPduLength);
            return new DicomClientAssociation(channel, lifetime, info, sendLength, _options, _logger);
        }
        catch (Exception ex)
        {
            if (ex is PduException p)
            {
                await channel.TrySendAbortAsync(AbortSource.ServiceProvider, p.Reason, _options.ArtimTimeout).ConfigureAwait(false);
            }
            await channel.DisposeAsync().ConfigureAwait(false);
            lifetime.Dispose();
            throw;
        }
    }

    private static AssociateRequest BuildRequest(DicomPeer peer, IReadOnlyList<ContextProposal> contexts, string callingAeTitle, uint maxPduLength,
        UserIdentityRequest? userIdentity)
    {
        if (contexts.Count is 0 or > 128)
        {
            throw new ArgumentException($"{contexts.Count} presentation contexts proposed; 1 to 128 are possible");
        }
        var proposals = contexts.Select((c, i) => new PresentationContextProposal((byte)(2 * i + 1), c.AbstractSyntax,
            c.TransferSyntaxes.Select(t => t.Uid).ToList())).ToList();
        var roles = contexts.Where(c => c.ScuRole is not null || c.ScpRole is not null)
            .GroupBy(c => c.AbstractSyntax, StringComparer.Ordinal)
            .Select(g => new RoleSelection(g.Key, g.First().ScuRole ?? true, g.First().ScpRole ?? false))
            .ToList();
        return new AssociateRequest
        {
            CalledAeTitle = peer.AeTitle,
            CallingAeTitle = callingAeTitle,
            PresentationContexts = proposals,
            UserInformation = new UserInformation
            {
                MaxPduLength = maxPduLength,
                ImplementationClassUid = DicomFile.ImplementationClassUid,
                ImplementationVersionName = DicomFile.ImplementationVersionName,
                RoleSelections = roles,
                UserIdentity = userIdentity,
            },
        };
    }

    private async Task<Socket> ConnectAsync(DicomPeer peer, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = _options.NoDelay };
        try
        {
            await socket.ConnectAsync(peer.Host, peer.Port, deadline.Token).ConfigureAwait(false);
            socket.NoDelay = _options.NoDelay;
            socket.SendTimeout = (int)Math.Min(_options.DimseTimeout.TotalMilliseconds, int.MaxValue);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new DicomNetworkTimeoutException($"Connecting to {peer.Host}:{peer.Port} took longer than {_options.ConnectTimeout}");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new DicomNetworkException($"Cannot connect to {peer.Host}:{peer.Port}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
