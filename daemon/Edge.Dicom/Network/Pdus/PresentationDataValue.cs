namespace Edge.Dicom.Network;

/// <summary>
/// One presentation data value item of a P-DATA-TF (PS3.8 9.3.5.1 and Annex E): a fragment of a command or a
/// dataset for one presentation context. The message control header says which, and whether it is the last.
/// </summary>
internal readonly record struct PresentationDataValue(byte ContextId, bool IsCommand, bool IsLast, ReadOnlyMemory<byte> Data)
{
    public byte ControlHeader => (byte)((IsCommand ? 1 : 0) | (IsLast ? 2 : 0));

    /// <summary>Item header: 4-byte length, context id, control header.</summary>
    public const int HeaderLength = 6;
}
