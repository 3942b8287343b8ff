using System.Net;
using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>A negotiated presentation context: what may be exchanged under <see cref="Id"/> and in which syntax.</summary>
public sealed record PresentationContext(byte Id, string AbstractSyntax, PresentationContextResultReason Result, TransferSyntax? TransferSyntax)
{
    public bool IsAccepted => Result == PresentationContextResultReason.Acceptance && TransferSyntax is not null;
}

/// <summary>
/// An established association as both sides see it: who called whom, the negotiated contexts and roles, and what
/// the peer told about itself. Immutable once negotiated.
/// </summary>
public sealed class AssociationInfo
{
    internal AssociationInfo(AssociateRequest request, AssociateAccept accept, IPEndPoint? remoteEndPoint)
    {
        CallingAeTitle = request.CallingAeTitle;
        CalledAeTitle = request.CalledAeTitle;
        RemoteEndPoint = remoteEndPoint;
        var proposed = request.PresentationContexts.ToDictionary(p => p.Id);
        PresentationContexts = accept.PresentationContexts
            .Where(r => proposed.ContainsKey(r.Id))
            .Select(r => new PresentationContext(r.Id, proposed[r.Id].AbstractSyntax, r.Result,
                r.IsAccepted ? TransferSyntax.Lookup(r.TransferSyntax) : null))
            .ToList();
        RoleSelections = accept.UserInformation.RoleSelections;
        RequestorUserInformation = request.UserInformation;
        AcceptorUserInformation = accept.UserInformation;
    }

    public string CallingAeTitle { get; }

    public string CalledAeTitle { get; }

    /// <summary>The peer's address; for logs and access decisions.</summary>
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>Every context the acceptor answered, accepted or not.</summary>
    public IReadOnlyList<PresentationContext> PresentationContexts { get; }

    /// <summary>The SCP/SCU role selections as the acceptor granted them.</summary>
    public IReadOnlyList<RoleSelection> RoleSelections { get; }

    public UserInformation RequestorUserInformation { get; }

    public UserInformation AcceptorUserInformation { get; }

    public PresentationContext? FindContext(byte id)
    {
        foreach (var pc in PresentationContexts)
        {
            if (pc.Id == id)
            {
                return pc;
            }
        }
        return null;
    }

    /// <summary>The accepted contexts for an abstract syntax, in proposal order.</summary>
    public IEnumerable<PresentationContext> AcceptedContexts(string abstractSyntax) =>
        PresentationContexts.Where(pc => pc.IsAccepted && pc.AbstractSyntax == abstractSyntax);

    public override string ToString() => $"{CallingAeTitle} -> {CalledAeTitle} ({RemoteEndPoint})";
}
