using Edge.Dicom.Data;

namespace Edge.Workspaces.Query;

/// <summary>
/// One matching entity: the value of each requested attribute the workspace holds ('' when it has none), and for
/// requested sequences the items that matched.
/// </summary>
public sealed class QueryMatch(IReadOnlyDictionary<DicomTag, string> values,
    IReadOnlyDictionary<DicomTag, IReadOnlyList<IReadOnlyList<QueryItemValue>>>? sequences = null)
{
    public IReadOnlyDictionary<DicomTag, string> Values { get; } = values;

    /// <summary>Per requested sequence, its items as the response returns them.</summary>
    public IReadOnlyDictionary<DicomTag, IReadOnlyList<IReadOnlyList<QueryItemValue>>> Sequences { get; } =
        sequences ?? new Dictionary<DicomTag, IReadOnlyList<IReadOnlyList<QueryItemValue>>>();

    public string? this[DicomTag tag] => Values.GetValueOrDefault(tag);
}

/// <summary>One value of a sequence item in a response; a sequence inside the item is returned empty (<see cref="DicomVR.SQ"/>).</summary>
public sealed record QueryItemValue(DicomTag Tag, DicomVR VR, string Value);
