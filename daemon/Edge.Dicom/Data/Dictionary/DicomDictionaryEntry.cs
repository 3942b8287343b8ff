namespace Edge.Dicom.Data;

/// <summary>
/// One PS3.6 dictionary entry. <see cref="Mask"/> has a 0 bit wherever the standard writes 'x' in the tag
/// (repeating groups such as (60xx,3000)), so an entry matches a tag when <c>(tag.Value &amp; Mask) == Tag.Value</c>.
/// </summary>
public sealed record DicomDictionaryEntry(
    DicomTag Tag,
    uint Mask,
    string Keyword,
    string Name,
    DicomVR[] VRs,
    string VM,
    bool Retired)
{
    /// <summary>The VR used for implicit-VR data when the standard gives a single one, or the first alternative.</summary>
    public DicomVR VR => VRs.Length > 0 ? VRs[0] : DicomVR.UN;

    public bool IsRepeating => Mask != 0xFFFFFFFF;

    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;
}

/// <summary>A private element known for a creator: its VR, so implicit-VR private data can be typed.</summary>
public sealed record PrivateDictionaryEntry(string Creator, ushort Group, byte Offset, DicomVR VR, string Name);
