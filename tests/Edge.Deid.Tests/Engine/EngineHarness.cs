using System.Collections.Frozen;
using System.Text;
using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Deid.Pseudonyms;
using Edge.Deid.Rules;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>One small patient instance, a fixed workspace key and profiles made of options, for engine tests.</summary>
internal static class EngineHarness
{
    public const string FamilyName = "QUILLBY";
    public const string PatientName = "QUILLBY^ZANDER";
    public const string PatientId = "PID0001234";
    public const string SopInstanceUid = "1.2.826.0.1.3680043.9.7133.1.1";
    public const string StudyInstanceUid = "1.2.826.0.1.3680043.9.7133.1.2";
    public const string SeriesInstanceUid = "1.2.826.0.1.3680043.9.7133.1.3";

    public const string CtImage = "1.2.840.10008.5.1.4.1.1.2";
    public const string EnhancedCtImage = "1.2.840.10008.5.1.4.1.1.2.1";
    public const string ComprehensiveSr = "1.2.840.10008.5.1.4.1.1.88.33";
    public const string RtPlan = "1.2.840.10008.5.1.4.1.1.481.5";
    public const string PetImage = "1.2.840.10008.5.1.4.1.1.128";
    public const string DxImage = "1.2.840.10008.5.1.4.1.1.1.1";

    public static WorkspaceKey Key { get; } = new("engine-tests", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>The patient of <see cref="NewInstance"/> as the engine keys it (no issuer).</summary>
    public static PatientKey Patient { get; } = new("", PatientId, "");

    public static string Pseudonym(WorkspaceKey? key = null) => (key ?? Key).PatientPseudonym(Patient, "P", 12);

    public static int OffsetDays(WorkspaceKey? key = null) => (key ?? Key).DateOffsetDays(Patient, -3650, -365);

    public static int OffsetSeconds(WorkspaceKey? key = null) => (key ?? Key).TimeOffsetSeconds(Patient);

    public static DeidProfile Profile(params DeidOption[] options) => new() { Name = "test", Options = options.ToFrozenSet() };

    /// <summary>A minimal instance of <paramref name="sopClassUid"/> for the patient QUILLBY^ZANDER.</summary>
    public static DicomDataset NewInstance(string sopClassUid = CtImage)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, sopClassUid);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, SopInstanceUid);
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, StudyInstanceUid);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, SeriesInstanceUid);
        ds.SetString(DicomTags.PatientName, DicomVR.PN, PatientName);
        ds.SetString(DicomTags.PatientID, DicomVR.LO, PatientId);
        return ds;
    }

    public static DicomFile Run(DicomDataset ds, DeidProfile profile, WorkspaceKey? key = null) => Run(ds, new DeidEngine(profile), key);

    public static DicomFile Run(DicomDataset ds, DeidEngine engine, WorkspaceKey? key = null)
    {
        var file = DicomFile.Create(ds, TransferSyntax.ExplicitVRLittleEndian);
        engine.Deidentify(file, key ?? Key);
        return file;
    }

    /// <summary>A string element encoded as ASCII and padded to even length as its VR wants.</summary>
    public static DicomValueElement Text(DicomTag tag, DicomVR vr, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length % 2 == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = vr.PaddingByte();
        }
        return new DicomValueElement(tag, vr, bytes);
    }
}
