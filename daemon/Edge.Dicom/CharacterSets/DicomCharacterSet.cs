using System.Text;

namespace Edge.Dicom.Data;

/// <summary>
/// Decodes and encodes text values per Specific Character Set (0008,0005), PS3.5 Section 6.1 and PS3.3 C.12.1.1.2.
/// Placeholder: Latin-1 and UTF-8 only until the full implementation lands.
/// </summary>
public sealed class DicomCharacterSet
{
    private readonly Encoding _encoding;

    private DicomCharacterSet(IReadOnlyList<string> terms, Encoding encoding)
    {
        Terms = terms;
        _encoding = encoding;
    }

    /// <summary>The default repertoire (ISO-IR 6). Bytes above 0x7F are decoded as Latin-1 rather than lost.</summary>
    public static DicomCharacterSet Default { get; } = new([], Encoding.Latin1);

    public IReadOnlyList<string> Terms { get; }

    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0 || terms.All(string.IsNullOrWhiteSpace))
        {
            return Default;
        }
        return terms[0].Trim() == "ISO_IR 192" ? new(terms, Encoding.UTF8) : new(terms, Encoding.Latin1);
    }

    public string Decode(ReadOnlySpan<byte> value, DicomVR vr) =>
        vr.UsesSpecificCharacterSet() ? _encoding.GetString(value) : Encoding.Latin1.GetString(value);

    public byte[] Encode(string value, DicomVR vr) =>
        vr.UsesSpecificCharacterSet() ? _encoding.GetBytes(value) : Encoding.Latin1.GetBytes(value);
}
