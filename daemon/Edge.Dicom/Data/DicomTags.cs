namespace Edge.Dicom.Data;

/// <summary>
/// Tags by keyword. The full set is generated (Dictionary/Generated/DicomTags.Generated.cs); this part holds the
/// structural and file-meta tags the codec itself depends on.
/// </summary>
public static partial class DicomTags
{
}
