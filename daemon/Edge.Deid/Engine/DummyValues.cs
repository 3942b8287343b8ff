using System.Text;
using Edge.Dicom.Data;

namespace Edge.Deid.Engine;

/// <summary>Dummy values (action D) valid for each VR: non-empty, within the VR's length, meaning nothing.</summary>
internal static class DummyValues
{
    public const string Text = "ANONYMIZED";

    /// <summary>The dummy bytes for a VR, or null for UI (which gets a mapped UID) and SQ (which is recursed into).</summary>
    public static byte[]? For(DicomVR vr) => vr switch
    {
        DicomVR.AE => Ascii("ANONYMOUS "),
        DicomVR.AS => Ascii("000Y"),
        DicomVR.CS => Ascii(Text),
        DicomVR.DA => Ascii("19000101"),
        DicomVR.DT => Ascii("19000101000000"),
        DicomVR.TM => Ascii("000000"),
        DicomVR.DS or DicomVR.IS => Ascii("0 "),
        DicomVR.LO or DicomVR.SH or DicomVR.ST or DicomVR.LT or DicomVR.UT or DicomVR.UC or DicomVR.PN => Ascii(Text),
        DicomVR.UR => Ascii("urn:anonymized "),
        DicomVR.UI or DicomVR.SQ => null,
        _ => new byte[Math.Max(2, vr.BinaryValueSize())],
    };

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
}
