using Edge.Dicom.Network;

namespace Edge.Network.Tests.Support;

/// <summary>
/// Accepts associations called <see cref="CalledAeTitle"/> from any (or only the known) calling AE, with the
/// contexts of <see cref="Policy"/> and a fresh provider per association.
/// </summary>
internal sealed class TestAcceptor(PresentationContextPolicy policy, Func<IDicomServiceProvider> services) : IAssociationAcceptor
{
    public string CalledAeTitle { get; init; } = TestScp.AeTitle;

    /// <summary>Null accepts any calling AE.</summary>
    public IReadOnlySet<string>? KnownCallingAeTitles { get; init; }

    public PresentationContextPolicy Policy { get; } = policy;

    public ValueTask<AssociationDecision> OnAssociationRequestAsync(AssociationRequestInfo request, CancellationToken cancellationToken)
    {
        if (request.CalledAeTitle != CalledAeTitle)
        {
            return ValueTask.FromResult(AssociationDecision.Reject(AssociateReject.CalledAeNotRecognized, $"called AE {request.CalledAeTitle} is not ours"));
        }
        if (KnownCallingAeTitles is not null && !KnownCallingAeTitles.Contains(request.CallingAeTitle))
        {
            return ValueTask.FromResult(AssociationDecision.Reject(AssociateReject.CallingAeNotRecognized, $"calling AE {request.CallingAeTitle} is not configured"));
        }
        return ValueTask.FromResult(AssociationDecision.Accept(services(), Policy.Negotiate(request.Request)));
    }
}
