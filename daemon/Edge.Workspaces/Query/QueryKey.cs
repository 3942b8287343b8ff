using Edge.Dicom.Data;

namespace Edge.Workspaces.Query;

/// <summary>
/// One key of a C-FIND identifier: an attribute and its matching value as PS3.4 C.2.2.2 reads it (single value,
/// backslash list, * and ? wildcards, "A-B" ranges for dates and times). An empty value is universal matching:
/// every entity matches and the attribute is only returned. A sequence key (C.2.2.2.6) carries the keys of its one
/// item instead of a value.
/// </summary>
public sealed record QueryKey(DicomTag Tag, string Value = "")
{
    /// <summary>The VR the request gave the key; the response uses it for attributes the index does not keep.</summary>
    public DicomVR? VR { get; init; }

    /// <summary>For a sequence key, the simple keys of its item (none: the whole sequence is asked for); null otherwise.</summary>
    public IReadOnlyList<QueryKey>? ItemKeys { get; init; }

    public bool IsSequence => ItemKeys is not null;

    /// <summary>Matches every entity: an empty value, or a sequence whose item keys are all universal.</summary>
    public bool IsUniversal => ItemKeys is { } items ? items.All(k => k.IsUniversal) : ValueMatching.IsUniversal(Value);
}
