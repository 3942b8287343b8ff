namespace Edge.Dicom.Data;

/// <summary>Turns the bytes of one text value into a string and back; never throws on any input.</summary>
internal interface ITextCodec
{
    string Decode(ReadOnlySpan<byte> value, DicomVR vr);

    byte[] Encode(string value, DicomVR vr);
}
