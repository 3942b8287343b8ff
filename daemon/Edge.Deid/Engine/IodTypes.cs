using Edge.Dicom.Data;

namespace Edge.Deid.Engine;

/// <summary>
/// The type (1, 2 or 3) of the attributes whose Table E.1-1 action depends on it, by IOD family. Hand-made from PS3.3
/// for the attributes with combined actions (X/Z, X/D, Z/D, X/Z/D) and for the few removed (X) attributes that some
/// IODs require (Type 2 or 2C), which are emptied instead so the output stays a valid instance. The families differ
/// where it matters: multi-frame IODs with functional groups (Enhanced General Equipment makes DeviceSerialNumber
/// Type 1), SR documents, RT objects. A few single IODs differ from their family (PET Series, the Acquisition Context
/// module of projection X-ray and visible light IODs): those are listed by IOD name. Anything not listed is Type 3.
/// </summary>
internal static class IodTypes
{
    public enum Family
    {
        Classic,
        Enhanced,
        StructuredReport,
        Radiotherapy,
    }

    // (tag) → (classic, enhanced, SR, RT)
    private static readonly Dictionary<uint, (int Classic, int Enhanced, int Sr, int Rt)> s_types = new()
    {
        [0x00080023] = (2, 1, 1, 2), // Content Date
        [0x00080033] = (2, 1, 1, 2), // Content Time
        [0x0008002A] = (3, 1, 3, 3), // Acquisition DateTime (multi-frame modules: Type 1C)
        [0x00181000] = (3, 1, 3, 3), // Device Serial Number (Enhanced General Equipment: Type 1)
        [0x00180010] = (2, 2, 3, 3), // Contrast/Bolus Agent (Contrast/Bolus module: Type 2)
        [0x00100020] = (2, 2, 2, 2), // Patient ID (Patient module: Type 2)
        [0x00700084] = (2, 2, 2, 2), // Content Creator's Name (presentation states: Type 2)
        [0x00189919] = (2, 2, 2, 2), // Instruction Performed DateTime
        [0x00400555] = (3, 2, 3, 3), // Acquisition Context Sequence (Acquisition Context module: Type 2)
        [0x00081070] = (3, 3, 3, 2), // Operators' Name (RT Series: Type 2)
        [0x00081111] = (3, 3, 2, 3), // Referenced Performed Procedure Step Sequence (SR Document Series: Type 2)
        [0x300A0006] = (2, 2, 2, 2), // RT Plan Date (RT General Plan: Type 2)
        [0x300A0007] = (2, 2, 2, 2), // RT Plan Time
        [0x30080250] = (2, 2, 2, 2), // Treatment Date (RT treatment records: Type 2)
        [0x30080251] = (2, 2, 2, 2), // Treatment Time
        [0x300A00B2] = (2, 2, 2, 2), // Treatment Machine Name (RT Beams: Type 2)
        [0x30080105] = (2, 2, 2, 2), // Source Serial Number (RT Brachy: Type 2)
        [0x300E0008] = (2, 2, 2, 2), // Reviewer Name (Approval: Type 2C)
        // Responsible Person (Patient: Type 2C for animals) gets a dummy rather than emptiness: its role (0010,2298)
        // is Type 1C on Responsible Person having a value.
        [0x00102297] = (1, 1, 1, 1),
        [0x00102299] = (2, 2, 2, 2), // Responsible Organization (Patient: Type 2C, present for animals)
    };

    // Classic IODs in which the Acquisition Context module, whose Acquisition Context Sequence is Type 2, is mandatory
    // (PS3.3 A.26-A.28, A.32, A.39, A.41).
    private static readonly string[] s_acquisitionContextIods =
    [
        "Digital X-Ray Image", "Digital Mammography X-Ray Image", "Digital Intra-Oral X-Ray Image",
        "VL Endoscopic Image", "VL Microscopic Image", "VL Slide-Coordinates Microscopic Image", "VL Photographic Image",
        "Video Endoscopic Image", "Video Microscopic Image", "Video Photographic Image",
        "Ophthalmic Photography 8 Bit Image", "Ophthalmic Photography 16 Bit Image", "Ophthalmic Tomography Image",
    ];

    // IOD name → (tag → type), where one IOD needs more than its family.
    private static readonly Dictionary<string, Dictionary<uint, int>> s_byIod = BuildByIod();

    private static Dictionary<string, Dictionary<uint, int>> BuildByIod()
    {
        var byIod = new Dictionary<string, Dictionary<uint, int>>(StringComparer.Ordinal)
        {
            // PET Series module: Series Date and Time Type 1; PET Image module: Acquisition Date and Time Type 2 (C.8.9).
            ["Positron Emission Tomography Image"] = new()
            {
                [0x00080021] = 1, [0x00080031] = 1, [0x00080022] = 2, [0x00080032] = 2,
            },
        };
        foreach (var iod in s_acquisitionContextIods)
        {
            byIod[iod] = new() { [0x00400555] = 2 };
        }
        return byIod;
    }

    public static Family FamilyOf(DicomDataset dataset)
    {
        // Functional groups mean a multi-frame IOD with Enhanced General Equipment, whatever its name.
        if (dataset.Contains(new DicomTag(0x5200, 0x9229)) || dataset.Contains(new DicomTag(0x5200, 0x9230)))
        {
            return Family.Enhanced;
        }
        var sop = dataset.GetString(DicomTags.SOPClassUID) is { } uid ? SopClasses.Lookup(uid) : null;
        if (sop is null)
        {
            return Family.Classic;
        }
        if (sop.Name.Contains("SR Storage", StringComparison.Ordinal) || sop.Iod.EndsWith(" SR", StringComparison.Ordinal))
        {
            return Family.StructuredReport;
        }
        if (sop.Name.StartsWith("RT ", StringComparison.Ordinal))
        {
            return Family.Radiotherapy;
        }
        return sop.Iod.Contains("Enhanced", StringComparison.Ordinal) ? Family.Enhanced : Family.Classic;
    }

    /// <summary>The IOD an instance follows, from its SOP Class UID; null when the class is not a standard one.</summary>
    public static string? IodOf(DicomDataset dataset) =>
        dataset.GetString(DicomTags.SOPClassUID) is { } uid ? SopClasses.Lookup(uid)?.Iod : null;

    public static int TypeOf(DicomTag tag, Family family, string? iod = null)
    {
        if (iod is not null && s_byIod.TryGetValue(iod, out var own) && own.TryGetValue(tag.Value, out var type))
        {
            return type;
        }
        if (!s_types.TryGetValue(tag.Value, out var t))
        {
            return 3;
        }
        return family switch
        {
            Family.Enhanced => t.Enhanced,
            Family.StructuredReport => t.Sr,
            Family.Radiotherapy => t.Rt,
            _ => t.Classic,
        };
    }
}
