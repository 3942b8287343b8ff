using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>What every request handed to a provider carries: the association, the context and the command's common fields.</summary>
public abstract class DimseRequest
{
    private protected DimseRequest(AssociationInfo association, PresentationContext context, DicomCommand command)
    {
        Association = association;
        PresentationContextId = context.Id;
        TransferSyntax = context.TransferSyntax ?? TransferSyntax.ImplicitVRLittleEndian;
        MessageId = command.MessageId;
        SopClassUid = command.AffectedSopClassUid ?? context.AbstractSyntax;
        Priority = command.Priority;
    }

    public AssociationInfo Association { get; }

    public byte PresentationContextId { get; }

    /// <summary>The syntax the data set travels in: the one accepted for the context.</summary>
    public TransferSyntax TransferSyntax { get; }

    public ushort MessageId { get; }

    /// <summary>Affected SOP Class UID of the command.</summary>
    public string SopClassUid { get; }

    public DimsePriority Priority { get; }
}

public sealed class CEchoRequest : DimseRequest
{
    internal CEchoRequest(AssociationInfo association, PresentationContext context, DicomCommand command) : base(association, context, command) { }
}

public sealed class CStoreRequest : DimseRequest
{
    internal CStoreRequest(AssociationInfo association, PresentationContext context, DicomCommand command) : base(association, context, command)
    {
        SopInstanceUid = command.AffectedSopInstanceUid ?? "";
        MoveOriginatorAeTitle = command.MoveOriginatorAeTitle;
        MoveOriginatorMessageId = command.MoveOriginatorMessageId;
    }

    public string SopInstanceUid { get; }

    /// <summary>Set when the store is a sub-operation of a C-MOVE (PS3.7 9.1.1.1).</summary>
    public string? MoveOriginatorAeTitle { get; }

    public ushort? MoveOriginatorMessageId { get; }
}

/// <summary>A C-FIND, C-GET or C-MOVE request: its identifier decoded.</summary>
public abstract class QueryRetrieveRequest : DimseRequest
{
    private protected QueryRetrieveRequest(AssociationInfo association, PresentationContext context, DicomCommand command, DicomDataset identifier)
        : base(association, context, command) => Identifier = identifier;

    public DicomDataset Identifier { get; }

    /// <summary>Query/Retrieve Level (0008,0052) of the identifier: PATIENT, STUDY, SERIES or IMAGE.</summary>
    public string? Level => Identifier.Get(CommandTags.QueryRetrieveLevel) is DicomValueElement e ? PduText.AeTitle(e.GetBytes().Span) : null;
}

public sealed class CFindRequest : QueryRetrieveRequest
{
    internal CFindRequest(AssociationInfo association, PresentationContext context, DicomCommand command, DicomDataset identifier)
        : base(association, context, command, identifier) { }
}

public sealed class CGetRequest : QueryRetrieveRequest
{
    internal CGetRequest(AssociationInfo association, PresentationContext context, DicomCommand command, DicomDataset identifier)
        : base(association, context, command, identifier) { }
}

public sealed class CMoveRequest : QueryRetrieveRequest
{
    internal CMoveRequest(AssociationInfo association, PresentationContext context, DicomCommand command, DicomDataset identifier)
        : base(association, context, command, identifier) => MoveDestination = command.MoveDestination ?? "";

    /// <summary>The AE title the instances are to be sent to.</summary>
    public string MoveDestination { get; }
}
