namespace Edge.Dicom.Data;

/// <summary>
/// Value representations of PS3.5 Table 6.2-1. The numeric value is the two ASCII characters of the code
/// (first character in the high byte), so a VR read from an explicit-VR stream maps to this enum without a table
/// and an unknown code survives a round trip as an undefined enum value.
/// </summary>
public enum DicomVR : ushort
{
    None = 0,
    AE = ('A' << 8) | 'E',
    AS = ('A' << 8) | 'S',
    AT = ('A' << 8) | 'T',
    CS = ('C' << 8) | 'S',
    DA = ('D' << 8) | 'A',
    DS = ('D' << 8) | 'S',
    DT = ('D' << 8) | 'T',
    FD = ('F' << 8) | 'D',
    FL = ('F' << 8) | 'L',
    IS = ('I' << 8) | 'S',
    LO = ('L' << 8) | 'O',
    LT = ('L' << 8) | 'T',
    OB = ('O' << 8) | 'B',
    OD = ('O' << 8) | 'D',
    OF = ('O' << 8) | 'F',
    OL = ('O' << 8) | 'L',
    OV = ('O' << 8) | 'V',
    OW = ('O' << 8) | 'W',
    PN = ('P' << 8) | 'N',
    SH = ('S' << 8) | 'H',
    SL = ('S' << 8) | 'L',
    SQ = ('S' << 8) | 'Q',
    SS = ('S' << 8) | 'S',
    ST = ('S' << 8) | 'T',
    SV = ('S' << 8) | 'V',
    TM = ('T' << 8) | 'M',
    UC = ('U' << 8) | 'C',
    UI = ('U' << 8) | 'I',
    UL = ('U' << 8) | 'L',
    UN = ('U' << 8) | 'N',
    UR = ('U' << 8) | 'R',
    US = ('U' << 8) | 'S',
    UT = ('U' << 8) | 'T',
    UV = ('U' << 8) | 'V',
}

/// <summary>Encoding properties of each VR (PS3.5 6.2 and 7.1.2).</summary>
public static class DicomVRInfo
{
    public static DicomVR FromBytes(byte first, byte second) => (DicomVR)((first << 8) | second);

    public static string Code(this DicomVR vr) =>
        vr == DicomVR.None ? "??" : new string([(char)((ushort)vr >> 8), (char)((ushort)vr & 0xFF)]);

    public static bool TryParse(string? code, out DicomVR vr)
    {
        vr = DicomVR.None;
        if (code is not { Length: 2 })
        {
            return false;
        }
        var v = FromBytes((byte)code[0], (byte)code[1]);
        if (!IsKnown(v))
        {
            return false;
        }
        vr = v;
        return true;
    }

    public static bool IsKnown(this DicomVR vr) => vr != DicomVR.None && Enum.IsDefined(vr);

    /// <summary>VRs whose explicit encoding has 2 reserved bytes and a 32-bit length (PS3.5 Table 7.1-1).</summary>
    public static bool HasLongLength(this DicomVR vr) => vr switch
    {
        DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.SQ
            or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR or DicomVR.UT or DicomVR.UV => true,
        _ => false,
    };

    /// <summary>Character-string VRs; their values are decoded through the Specific Character Set where it applies.</summary>
    public static bool IsString(this DicomVR vr) => vr switch
    {
        DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA or DicomVR.DS or DicomVR.DT or DicomVR.IS or DicomVR.LO
            or DicomVR.LT or DicomVR.PN or DicomVR.SH or DicomVR.ST or DicomVR.TM or DicomVR.UC or DicomVR.UI
            or DicomVR.UR or DicomVR.UT => true,
        _ => false,
    };

    /// <summary>String VRs whose repertoire can be extended by Specific Character Set (PS3.5 6.1.2.3).</summary>
    public static bool UsesSpecificCharacterSet(this DicomVR vr) => vr switch
    {
        DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH or DicomVR.ST or DicomVR.UC or DicomVR.UT => true,
        _ => false,
    };

    /// <summary>String VRs whose value may hold several values separated by backslash.</summary>
    public static bool IsMultiValuedString(this DicomVR vr) =>
        vr.IsString() && vr is not (DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR);

    /// <summary>Padding byte to an even length: NUL for UI and binary VRs, space for text (PS3.5 6.2).</summary>
    public static byte PaddingByte(this DicomVR vr) => vr.IsString() && vr != DicomVR.UI ? (byte)' ' : (byte)0;

    /// <summary>Size of the unit that is byte-swapped between little and big endian; 1 means never swapped.</summary>
    public static int SwapUnit(this DicomVR vr) => vr switch
    {
        DicomVR.US or DicomVR.SS or DicomVR.OW or DicomVR.AT => 2,
        DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.OF or DicomVR.OL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.SV or DicomVR.UV or DicomVR.OV => 8,
        _ => 1,
    };

    /// <summary>Fixed size of one binary value, or 0 for strings, OB/UN and sequences.</summary>
    public static int BinaryValueSize(this DicomVR vr) => vr switch
    {
        DicomVR.US or DicomVR.SS => 2,
        DicomVR.AT or DicomVR.UL or DicomVR.SL or DicomVR.FL => 4,
        DicomVR.FD or DicomVR.SV or DicomVR.UV => 8,
        _ => 0,
    };

    /// <summary>Maximum length of one value in bytes for string VRs (PS3.5 Table 6.2-1), or 0 when unbounded.</summary>
    public static int MaxValueLength(this DicomVR vr) => vr switch
    {
        DicomVR.AE => 16,
        DicomVR.AS => 4,
        DicomVR.CS => 16,
        DicomVR.DA => 8,
        DicomVR.DS => 16,
        DicomVR.DT => 26,
        DicomVR.IS => 12,
        DicomVR.LO => 64,
        DicomVR.LT => 10240,
        DicomVR.PN => 64 * 3 + 2,
        DicomVR.SH => 16,
        DicomVR.ST => 1024,
        DicomVR.TM => 14,
        DicomVR.UI => 64,
        _ => 0,
    };
}
