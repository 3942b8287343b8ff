using Edge.Dicom.Data;

namespace Edge.Workspaces.Query;

/// <summary>
/// One key of a C-FIND identifier: an attribute and its matching value as PS3.4 C.2.2.2 reads it (single value,
/// backslash list, * and ? wildcards, "A-B" ranges for dates and times). An empty value is universal matching:
/// every entity matches and the attribute is only returned.
/// </summary>
public sealed record QueryKey(DicomTag Tag, string Value = "")
{
    public bool IsUniversal => Value.Length == 0;
}
