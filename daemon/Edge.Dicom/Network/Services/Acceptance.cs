using System.Net;
using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>An A-ASSOCIATE-RQ as the acceptor sees it, with where it came from.</summary>
public sealed class AssociationRequestInfo(AssociateRequest request, IPEndPoint? remoteEndPoint, IPEndPoint? localEndPoint)
{
    public AssociateRequest Request { get; } = request;

    public string CallingAeTitle => Request.CallingAeTitle;

    public string CalledAeTitle => Request.CalledAeTitle;

    public IPEndPoint? RemoteEndPoint { get; } = remoteEndPoint;

    public IPEndPoint? LocalEndPoint { get; } = localEndPoint;
}

/// <summary>
/// The acceptor's answer: reject (with the result/source/reason sent to the peer and a reason for our logs), or
/// accept with an answer per proposed context, granted roles and the provider that serves the association.
/// </summary>
public sealed class AssociationDecision
{
    private AssociationDecision() { }

    public bool IsAccepted => Services is not null;

    public AssociateReject? Rejection { get; private init; }

    /// <summary>Why we rejected, in words for the log (AE titles and addresses are fine there, patient data never).</summary>
    public string? RejectionReason { get; private init; }

    public IDicomServiceProvider? Services { get; private init; }

    public IReadOnlyList<PresentationContextResult> Contexts { get; private init; } = [];

    public IReadOnlyList<RoleSelection> Roles { get; private init; } = [];

    public UserIdentityResponse? UserIdentityResponse { get; private init; }

    public IReadOnlyList<ExtendedNegotiation> ExtendedNegotiations { get; private init; } = [];

    public static AssociationDecision Reject(AssociateReject rejection, string reason) =>
        new() { Rejection = rejection, RejectionReason = reason };

    /// <param name="services">Serves this association only; disposed when it ends.</param>
    /// <param name="contexts">One result per proposed context (missing ones are answered "no reason").</param>
    /// <param name="roles">Role selections granted; proposals left out fall back to the default roles.</param>
    /// <param name="userIdentityResponse">Sent only when the requestor asked for a positive response.</param>
    /// <param name="extendedNegotiations">Our answers to the SOP class extended negotiation items we support.</param>
    public static AssociationDecision Accept(IDicomServiceProvider services, IReadOnlyList<PresentationContextResult> contexts,
        IReadOnlyList<RoleSelection>? roles = null, UserIdentityResponse? userIdentityResponse = null,
        IReadOnlyList<ExtendedNegotiation>? extendedNegotiations = null) =>
        new()
        {
            Services = services,
            Contexts = contexts,
            Roles = roles ?? [],
            UserIdentityResponse = userIdentityResponse,
            ExtendedNegotiations = extendedNegotiations ?? [],
        };

    public static AssociationDecision Accept(IDicomServiceProvider services, NegotiatedContexts negotiated) =>
        Accept(services, negotiated.Contexts, negotiated.Roles);
}

/// <summary>Decides whether an association is accepted, and with which contexts and provider.</summary>
public interface IAssociationAcceptor
{
    ValueTask<AssociationDecision> OnAssociationRequestAsync(AssociationRequestInfo request, CancellationToken cancellationToken);
}

/// <summary>The answer to a request's contexts and role selections.</summary>
public sealed record NegotiatedContexts(IReadOnlyList<PresentationContextResult> Contexts, IReadOnlyList<RoleSelection> Roles);

/// <summary>Whose order decides among the transfer syntaxes both sides support.</summary>
public enum TransferSyntaxPreference
{
    /// <summary>
    /// The requestor's: it lists the syntax its data is in first, so nothing is converted on the way (what DCMTK
    /// does). The default.
    /// </summary>
    Requestor,

    /// <summary>Ours: the order given to <see cref="PresentationContextPolicy.Accept(string, TransferSyntax[])"/>.</summary>
    Acceptor,
}

/// <summary>
/// The abstract syntaxes an acceptor supports, each with the transfer syntaxes it takes. For each proposed context a
/// syntax both support is accepted, chosen per <see cref="Preference"/>. Role selections are granted as proposed for
/// supported SOP classes (that is how a C-GET requestor offers to be the storage SCP).
/// </summary>
public sealed class PresentationContextPolicy
{
    private readonly Dictionary<string, TransferSyntax[]> _supported = new(StringComparer.Ordinal);

    public TransferSyntaxPreference Preference { get; init; } = TransferSyntaxPreference.Requestor;

    /// <param name="preferred">The syntaxes taken for it, in our order of preference.</param>
    public PresentationContextPolicy Accept(string abstractSyntax, params TransferSyntax[] preferred)
    {
        ArgumentOutOfRangeException.ThrowIfZero(preferred.Length);
        _supported[abstractSyntax] = preferred;
        return this;
    }

    public PresentationContextPolicy Accept(IEnumerable<string> abstractSyntaxes, params TransferSyntax[] preferred)
    {
        foreach (var s in abstractSyntaxes)
        {
            Accept(s, preferred);
        }
        return this;
    }

    public bool Supports(string abstractSyntax) => _supported.ContainsKey(abstractSyntax);

    public NegotiatedContexts Negotiate(AssociateRequest request)
    {
        var results = new List<PresentationContextResult>(request.PresentationContexts.Count);
        foreach (var pc in request.PresentationContexts)
        {
            if (!_supported.TryGetValue(pc.AbstractSyntax, out var preferred))
            {
                results.Add(new PresentationContextResult(pc.Id, PresentationContextResultReason.AbstractSyntaxNotSupported, pc.TransferSyntaxes[0]));
                continue;
            }
            var chosen = Preference == TransferSyntaxPreference.Requestor
                ? pc.TransferSyntaxes.FirstOrDefault(uid => preferred.Any(ts => ts.Uid == uid))
                : preferred.FirstOrDefault(ts => pc.TransferSyntaxes.Contains(ts.Uid, StringComparer.Ordinal))?.Uid;
            results.Add(chosen is null
                ? new PresentationContextResult(pc.Id, PresentationContextResultReason.TransferSyntaxesNotSupported, pc.TransferSyntaxes[0])
                : new PresentationContextResult(pc.Id, PresentationContextResultReason.Acceptance, chosen));
        }
        var roles = request.UserInformation.RoleSelections.Where(r => Supports(r.SopClassUid)).ToList();
        return new NegotiatedContexts(results, roles);
    }
}
