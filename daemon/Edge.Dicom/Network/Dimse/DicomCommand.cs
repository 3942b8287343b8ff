using System.Buffers.Binary;
using System.Text;
using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>
/// A DIMSE command set (group 0000, always implicit VR little endian, PS3.7 6.3): typed access to its elements and
/// builders for the requests and responses we send. Values are read from their bytes by tag, whatever VR the
/// implicit-VR reader gave them.
/// </summary>
internal sealed class DicomCommand
{
    /// <summary>Command Data Set Type value meaning "no data set follows".</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>The value we send when a data set follows (any other value than 0x0101 means so).</summary>
    public const ushort DataSetPresent = 0x0001;

    public DicomCommand(DicomDataset dataset) => Dataset = dataset;

    public DicomDataset Dataset { get; }

    public CommandField Field => (CommandField)(UInt16(CommandTags.CommandField) ?? 0);

    public bool IsResponse => ((ushort)Field & 0x8000) != 0;

    public ushort MessageId => UInt16(CommandTags.MessageId) ?? 0;

    public ushort MessageIdBeingRespondedTo => UInt16(CommandTags.MessageIdBeingRespondedTo) ?? 0;

    public bool HasDataSet => (UInt16(CommandTags.CommandDataSetType) ?? NoDataSet) != NoDataSet;

    public DicomStatus Status => new(UInt16(CommandTags.Status) ?? 0);

    public DimsePriority Priority => (DimsePriority)(UInt16(CommandTags.Priority) ?? 0);

    public string? AffectedSopClassUid => Text(CommandTags.AffectedSopClassUid);

    public string? AffectedSopInstanceUid => Text(CommandTags.AffectedSopInstanceUid);

    public string? MoveDestination => Text(CommandTags.MoveDestination);

    public string? MoveOriginatorAeTitle => Text(CommandTags.MoveOriginatorAeTitle);

    public ushort? MoveOriginatorMessageId => UInt16(CommandTags.MoveOriginatorMessageId);

    public string? ErrorComment => Text(CommandTags.ErrorComment);

    public ushort? Remaining => UInt16(CommandTags.NumberOfRemainingSuboperations);

    public ushort? Completed => UInt16(CommandTags.NumberOfCompletedSuboperations);

    public ushort? Failed => UInt16(CommandTags.NumberOfFailedSuboperations);

    public ushort? Warning => UInt16(CommandTags.NumberOfWarningSuboperations);

    /// <summary>Offending Element (0000,0901): a list of tags.</summary>
    public IReadOnlyList<DicomTag> OffendingElements
    {
        get
        {
            if (Dataset.Get(CommandTags.OffendingElement) is not DicomValueElement e)
            {
                return [];
            }
            var bytes = e.GetBytes().Span;
            var tags = new List<DicomTag>(bytes.Length / 4);
            for (var i = 0; i + 4 <= bytes.Length; i += 4)
            {
                tags.Add(new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(bytes[i..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i + 2)..])));
            }
            return tags;
        }
    }

    public DimseResult Result => new(Status, ErrorComment, OffendingElements is { Count: > 0 } o ? o : null);

    /// <summary>A new request with its fixed elements.</summary>
    public static DicomCommand Request(CommandField field, ushort messageId, string affectedSopClassUid, bool hasDataSet)
    {
        var c = New(field, hasDataSet);
        c.SetUid(CommandTags.AffectedSopClassUid, affectedSopClassUid);
        c.SetUInt16(CommandTags.MessageId, messageId);
        return c;
    }

    /// <summary>The response to <paramref name="request"/>, carrying its SOP class and instance and <paramref name="result"/>.</summary>
    public static DicomCommand Response(DicomCommand request, DimseResult result, bool hasDataSet = false)
    {
        var field = (CommandField)((ushort)request.Field | 0x8000);
        var c = New(field, hasDataSet);
        if (request.AffectedSopClassUid is { Length: > 0 } cls)
        {
            c.SetUid(CommandTags.AffectedSopClassUid, cls);
        }
        c.SetUInt16(CommandTags.MessageIdBeingRespondedTo, request.MessageId);
        c.SetUInt16(CommandTags.Status, result.Status.Code);
        if (request.Field == CommandField.CStoreRequest && request.AffectedSopInstanceUid is { Length: > 0 } inst)
        {
            c.SetUid(CommandTags.AffectedSopInstanceUid, inst);
        }
        if (result.ErrorComment is { Length: > 0 } comment && result.Status.Category != DicomStatusCategory.Success)
        {
            c.SetText(CommandTags.ErrorComment, DicomVR.LO, comment.Length > 64 ? comment[..64] : comment);
        }
        if (result.OffendingElements is { Count: > 0 } offending)
        {
            var bytes = new byte[offending.Count * 4];
            for (var i = 0; i < offending.Count; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 4), offending[i].Group);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 4 + 2), offending[i].Element);
            }
            c.Dataset.SetBytes(CommandTags.OffendingElement, DicomVR.AT, bytes);
        }
        return c;
    }

    /// <summary>A C-CANCEL-RQ for the operation whose request had <paramref name="messageId"/>.</summary>
    public static DicomCommand Cancel(ushort messageId)
    {
        var c = New(CommandField.CCancelRequest, hasDataSet: false);
        c.SetUInt16(CommandTags.MessageIdBeingRespondedTo, messageId);
        return c;
    }

    /// <summary>Sets the sub-operation counters of a C-GET/C-MOVE response; null leaves one out.</summary>
    public void SetCounts(ushort? remaining, ushort completed, ushort failed, ushort warning)
    {
        if (remaining is { } r)
        {
            SetUInt16(CommandTags.NumberOfRemainingSuboperations, r);
        }
        SetUInt16(CommandTags.NumberOfCompletedSuboperations, completed);
        SetUInt16(CommandTags.NumberOfFailedSuboperations, failed);
        SetUInt16(CommandTags.NumberOfWarningSuboperations, warning);
    }

    public void SetUInt16(DicomTag tag, ushort value) => Dataset.SetUInt16(tag, value);

    public void SetUid(DicomTag tag, string uid) => SetText(tag, DicomVR.UI, uid);

    public void SetText(DicomTag tag, DicomVR vr, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if ((bytes.Length & 1) == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = vr == DicomVR.UI ? (byte)0 : (byte)' ';
        }
        Dataset.SetBytes(tag, vr, bytes);
    }

    public byte[] Encode() => DicomFile.EncodeDataset(Dataset, TransferSyntax.ImplicitVRLittleEndian);

    /// <summary>Decodes a reassembled command set; anything undecodable or without a command field is a malformed message.</summary>
    public static DicomCommand Decode(ReadOnlyMemory<byte> bytes)
    {
        DicomDataset ds;
        try
        {
            ds = DicomFile.DecodeDataset(bytes, TransferSyntax.ImplicitVRLittleEndian);
        }
        catch (DicomException ex)
        {
            throw new PduException("Command set cannot be decoded: " + ex.Message, AbortReason.InvalidPduParameterValue);
        }
        var command = new DicomCommand(ds);
        if (command.UInt16(CommandTags.CommandField) is null)
        {
            throw new PduException("Command set has no Command Field (0000,0100)", AbortReason.InvalidPduParameterValue);
        }
        return command;
    }

    public override string ToString() => $"{Field} id {(IsResponse ? MessageIdBeingRespondedTo : MessageId)}";

    private static DicomCommand New(CommandField field, bool hasDataSet)
    {
        var c = new DicomCommand(new DicomDataset());
        c.Dataset.SetUInt32(CommandTags.CommandGroupLength, 0);
        c.SetUInt16(CommandTags.CommandField, (ushort)field);
        c.SetUInt16(CommandTags.CommandDataSetType, hasDataSet ? DataSetPresent : NoDataSet);
        return c;
    }

    private ushort? UInt16(DicomTag tag) => Dataset.GetUInt16(tag);

    private string? Text(DicomTag tag) =>
        Dataset.Get(tag) is DicomValueElement e ? PduText.AeTitle(e.GetBytes().Span) : null;
}
