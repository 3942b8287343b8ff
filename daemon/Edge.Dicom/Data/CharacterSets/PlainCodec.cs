using System.Text;

namespace Edge.Dicom.Data;

/// <summary>
/// A character set without code extensions and not built from ISO 2022 sets: UTF-8 (ISO_IR 192), GB18030, GBK.
/// Each value is one run of the encoding; delimiters need no special care.
/// </summary>
internal sealed class PlainCodec(Encoding encoding) : ITextCodec
{
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr) => encoding.GetString(value);

    public byte[] Encode(string value, DicomVR vr) => encoding.GetBytes(value);
}
