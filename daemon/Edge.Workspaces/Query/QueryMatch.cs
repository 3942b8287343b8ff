using Edge.Dicom.Data;

namespace Edge.Workspaces.Query;

/// <summary>One matching entity: the value of each requested attribute the index holds ('' when it has none).</summary>
public sealed class QueryMatch(IReadOnlyDictionary<DicomTag, string> values)
{
    public IReadOnlyDictionary<DicomTag, string> Values { get; } = values;

    public string? this[DicomTag tag] => Values.GetValueOrDefault(tag);
}
