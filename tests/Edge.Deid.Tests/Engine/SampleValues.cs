using System.Buffers.Binary;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>
/// A plausible original value for an attribute, made from its dictionary VR. Text values carry the patient's family
/// name so that cleaning shows; binary values are not zero so that a dummy shows; sequences hold one item with a
/// class UID (never replaced) and an instance UID (replaced unless UIDs are retained).
/// </summary>
internal static class SampleValues
{
    public const string Uid = "1.2.826.0.1.3680043.9.7133.77.1";
    public const string ReferencedClassUid = "1.2.840.10008.5.1.4.1.1.2";
    public const string ReferencedInstanceUid = "1.2.826.0.1.3680043.9.7133.77.2";

    public static string? TextFor(DicomVR vr) => vr switch
    {
        DicomVR.AE => "ORIGAE01",
        DicomVR.AS => "045Y",
        DicomVR.CS => "ORIG " + EngineHarness.FamilyName,
        DicomVR.DA => "20190314",
        DicomVR.DS => "12.5",
        DicomVR.DT => "20190314102030.123",
        DicomVR.IS => "42",
        DicomVR.LO => "HEAD " + EngineHarness.FamilyName,
        DicomVR.LT => $"Seen by {EngineHarness.FamilyName} today",
        DicomVR.PN => EngineHarness.PatientName,
        DicomVR.SH => "SH " + EngineHarness.FamilyName,
        DicomVR.ST => "Note " + EngineHarness.FamilyName,
        DicomVR.TM => "102030.123",
        DicomVR.UC => "UC " + EngineHarness.FamilyName,
        DicomVR.UI => Uid,
        DicomVR.UR => "http://example.org/quillby",
        DicomVR.UT => "Text " + EngineHarness.FamilyName,
        _ => null,
    };

    public static DicomElement For(DicomTag tag, DicomVR vr)
    {
        if (vr == DicomVR.SQ)
        {
            var item = new DicomDataset();
            item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, ReferencedClassUid);
            item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, ReferencedInstanceUid);
            return new DicomSequence(tag).AddItem(item);
        }
        if (tag == DicomTags.PatientID)
        {
            return EngineHarness.Text(tag, vr, EngineHarness.PatientId);
        }
        if (TextFor(vr) is { } text)
        {
            return EngineHarness.Text(tag, vr, text);
        }
        return new DicomValueElement(tag, vr, Binary(vr));
    }

    private static byte[] Binary(DicomVR vr)
    {
        var b = new byte[8];
        switch (vr)
        {
            case DicomVR.AT:
                return [0x10, 0x00, 0x20, 0x00];
            case DicomVR.FD:
                BinaryPrimitives.WriteDoubleLittleEndian(b, 3.25);
                return b;
            case DicomVR.FL:
                BinaryPrimitives.WriteSingleLittleEndian(b, 1.5f);
                return b[..4];
            case DicomVR.US or DicomVR.SS:
                return [7, 0];
            case DicomVR.UL or DicomVR.SL:
                return [7, 0, 0, 0];
            case DicomVR.SV or DicomVR.UV:
                return [7, 0, 0, 0, 0, 0, 0, 0];
            default:
                // OB, OW, OD, OF, OL, OV, UN: a few distinct bytes, a whole number of any unit.
                return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        }
    }
}
