using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>
/// The command group elements (PS3.7 E.1) and their VRs. Kept here rather than taken from the dictionary: command
/// sets are implicit VR, and encoding them must not depend on the dictionary being complete.
/// </summary>
internal static class CommandTags
{
    public static readonly DicomTag CommandGroupLength = new(0x0000, 0x0000);
    public static readonly DicomTag AffectedSopClassUid = new(0x0000, 0x0002);
    public static readonly DicomTag RequestedSopClassUid = new(0x0000, 0x0003);
    public static readonly DicomTag CommandField = new(0x0000, 0x0100);
    public static readonly DicomTag MessageId = new(0x0000, 0x0110);
    public static readonly DicomTag MessageIdBeingRespondedTo = new(0x0000, 0x0120);
    public static readonly DicomTag MoveDestination = new(0x0000, 0x0600);
    public static readonly DicomTag Priority = new(0x0000, 0x0700);
    public static readonly DicomTag CommandDataSetType = new(0x0000, 0x0800);
    public static readonly DicomTag Status = new(0x0000, 0x0900);
    public static readonly DicomTag OffendingElement = new(0x0000, 0x0901);
    public static readonly DicomTag ErrorComment = new(0x0000, 0x0902);
    public static readonly DicomTag ErrorId = new(0x0000, 0x0903);
    public static readonly DicomTag AffectedSopInstanceUid = new(0x0000, 0x1000);
    public static readonly DicomTag RequestedSopInstanceUid = new(0x0000, 0x1001);
    public static readonly DicomTag NumberOfRemainingSuboperations = new(0x0000, 0x1020);
    public static readonly DicomTag NumberOfCompletedSuboperations = new(0x0000, 0x1021);
    public static readonly DicomTag NumberOfFailedSuboperations = new(0x0000, 0x1022);
    public static readonly DicomTag NumberOfWarningSuboperations = new(0x0000, 0x1023);
    public static readonly DicomTag MoveOriginatorAeTitle = new(0x0000, 0x1030);
    public static readonly DicomTag MoveOriginatorMessageId = new(0x0000, 0x1031);

    /// <summary>Failed SOP Instance UID List (0008,0058), in the identifier of a C-GET/C-MOVE final response.</summary>
    public static readonly DicomTag FailedSopInstanceUidList = new(0x0008, 0x0058);

    /// <summary>Query/Retrieve Level (0008,0052) of a C-FIND/C-GET/C-MOVE identifier.</summary>
    public static readonly DicomTag QueryRetrieveLevel = new(0x0008, 0x0052);
}
