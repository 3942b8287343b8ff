using Edge.Dicom.Data;

namespace Edge.Deid.Rules;

/// <summary>
/// What the knowledge base knows of one private data element: its creator, group and offset in the block, VR, name, and
/// disposition. <see cref="Path"/> is the element's normalised full signature from the top-level dataset, the
/// enclosing sequence elements included, e.g. <c>(0029,"SIEMENS CSA HEADER",10)</c> or
/// <c>(0008,1084)[&lt;0&gt;](312f,"Ramsoft Diagnosis Datetime Identifier",10)</c> (see <see cref="PrivateTagPath"/>).
/// </summary>
public sealed record PrivateTagRule(
    string Creator,
    ushort Group,
    byte Offset,
    DicomVR VR,
    PrivateDisposition Disposition,
    string Name,
    string Path);
