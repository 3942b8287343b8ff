using System.Globalization;

namespace Edge.Dicom.Network;

/// <summary>How a status is to be read (PS3.7 C): success, warning, failure, cancel or pending.</summary>
public enum DicomStatusCategory
{
    Success,
    Warning,
    Failure,
    Cancel,
    Pending,
}

/// <summary>A DIMSE status code (0000,0900) with the codes the composite services use named (PS3.4 and PS3.7 C).</summary>
public readonly record struct DicomStatus(ushort Code)
{
    public static DicomStatus Success { get; } = new(0x0000);
    public static DicomStatus Pending { get; } = new(0xFF00);

    /// <summary>C-FIND: matches continue; one or more optional keys were not supported.</summary>
    public static DicomStatus PendingWarning { get; } = new(0xFF01);
    public static DicomStatus Cancel { get; } = new(0xFE00);

    /// <summary>C-STORE: coercion of data elements. C-GET/C-MOVE: sub-operations complete, one or more failures or warnings.</summary>
    public static DicomStatus WarningB000 { get; } = new(0xB000);
    public static DicomStatus ElementsDiscarded { get; } = new(0xB006);
    public static DicomStatus DataSetDoesNotMatchSopClassWarning { get; } = new(0xB007);

    public static DicomStatus OutOfResources { get; } = new(0xA700);
    public static DicomStatus OutOfResourcesNumberOfMatches { get; } = new(0xA701);
    public static DicomStatus OutOfResourcesSubOperations { get; } = new(0xA702);
    public static DicomStatus MoveDestinationUnknown { get; } = new(0xA801);

    /// <summary>C-STORE: data set does not match SOP class. C-FIND/C-GET/C-MOVE: identifier does not match SOP class.</summary>
    public static DicomStatus DataSetDoesNotMatchSopClass { get; } = new(0xA900);

    /// <summary>C-STORE: cannot understand. C-FIND/C-GET/C-MOVE: unable to process.</summary>
    public static DicomStatus CannotUnderstand { get; } = new(0xC000);
    public static DicomStatus ProcessingFailure { get; } = new(0x0110);
    public static DicomStatus NoSuchSopClass { get; } = new(0x0118);
    public static DicomStatus SopClassNotSupported { get; } = new(0x0122);
    public static DicomStatus NotAuthorized { get; } = new(0x0124);
    public static DicomStatus DuplicateInvocation { get; } = new(0x0210);
    public static DicomStatus UnrecognizedOperation { get; } = new(0x0211);
    public static DicomStatus MistypedArgument { get; } = new(0x0212);
    public static DicomStatus ResourceLimitation { get; } = new(0x0213);

    public DicomStatusCategory Category => Code switch
    {
        0x0000 => DicomStatusCategory.Success,
        0xFF00 or 0xFF01 => DicomStatusCategory.Pending,
        0xFE00 => DicomStatusCategory.Cancel,
        0x0001 or 0x0107 or 0x0116 or (>= 0xB000 and <= 0xBFFF) => DicomStatusCategory.Warning,
        _ => DicomStatusCategory.Failure,
    };

    public bool IsPending => Category == DicomStatusCategory.Pending;

    /// <summary>Success or warning: the operation did what was asked.</summary>
    public bool IsSuccessOrWarning => Category is DicomStatusCategory.Success or DicomStatusCategory.Warning;

    public override string ToString() => "0x" + Code.ToString("X4", CultureInfo.InvariantCulture) + " " + Category;
}
