using Edge.Dicom.Data;

namespace Edge.Dicom.Network;

/// <summary>
/// The outcome a provider reports for a request: a status, and for failures an Error Comment (0000,0902, at most 64
/// characters, never PHI) and the Offending Element(s) (0000,0901).
/// </summary>
public sealed record DimseResult(DicomStatus Status, string? ErrorComment = null, IReadOnlyList<DicomTag>? OffendingElements = null)
{
    public static DimseResult Success { get; } = new(DicomStatus.Success);
}

/// <summary>
/// Thrown by a provider to answer a request with a given status; the engine sends it as the response (and, for
/// C-FIND/C-GET/C-MOVE, ends the operation with it).
/// </summary>
public sealed class DimseStatusException(DimseResult result)
    : DicomException($"DIMSE status {result.Status}" + (result.ErrorComment is { } c ? ": " + c : ""))
{
    public DimseStatusException(DicomStatus status, string? errorComment = null) : this(new DimseResult(status, errorComment)) { }

    public DimseResult Result { get; } = result;
}
