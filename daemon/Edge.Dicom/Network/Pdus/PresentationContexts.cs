namespace Edge.Dicom.Network;

/// <summary>A presentation context as proposed in an A-ASSOCIATE-RQ (PS3.8 9.3.2.2): an odd id, one abstract syntax, one or more transfer syntaxes.</summary>
public sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);

/// <summary>The result/reason field of a presentation context in an A-ASSOCIATE-AC (PS3.8 9.3.3.2).</summary>
public enum PresentationContextResultReason : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}

/// <summary>
/// The answer to one proposed context. <see cref="TransferSyntax"/> is the accepted syntax; on a rejection the
/// standard says it is not significant, so it carries whatever the acceptor put there (possibly empty).
/// </summary>
public sealed record PresentationContextResult(byte Id, PresentationContextResultReason Result, string TransferSyntax)
{
    public bool IsAccepted => Result == PresentationContextResultReason.Acceptance;
}
