using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Engine;

/// <summary>Whether a value is well formed for its VR (PS3.5 6.2): the test of "a dummy value consistent with the VR".</summary>
internal static partial class VrValidity
{
    public static bool IsValid(DicomVR vr, ReadOnlySpan<byte> bytes, string text)
    {
        var size = vr.BinaryValueSize();
        if (size > 0)
        {
            return bytes.Length % size == 0;
        }
        if (vr is DicomVR.OB or DicomVR.UN)
        {
            return true;
        }
        if (vr is DicomVR.OW or DicomVR.OF or DicomVR.OD or DicomVR.OL or DicomVR.OV)
        {
            return bytes.Length % 2 == 0;
        }
        var max = vr.MaxValueLength();
        var values = vr.IsMultiValuedString() ? text.Split('\\') : [text];
        return values.All(v => (max <= 0 || vr == DicomVR.PN || v.Length <= max) && IsValidValue(vr, v));
    }

    private static bool IsValidValue(DicomVR vr, string v) => vr switch
    {
        DicomVR.AE => v.Trim().Length > 0 && !v.Any(char.IsControl),
        DicomVR.AS => AgeString().IsMatch(v),
        DicomVR.CS => CodeString().IsMatch(v),
        DicomVR.DA => DateOnly.TryParseExact(v, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        DicomVR.DT => DateTimeString().IsMatch(v) && DateOnly.TryParseExact(v.Length >= 8 ? v[..8] : v[..4] + "0101", "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        DicomVR.TM => TimeString().IsMatch(v),
        DicomVR.DS => double.TryParse(v.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        DicomVR.IS => int.TryParse(v.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out _),
        DicomVR.UI => UidString().IsMatch(v) && v.Length <= 64,
        DicomVR.UR => !v.Trim().Contains(' ', StringComparison.Ordinal),
        DicomVR.PN => v.Split('=').All(g => g.Length <= 64) && !v.Any(char.IsControl),
        _ => !v.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t' or '\f')),
    };

    [GeneratedRegex(@"^\d{3}[DWMY]$")]
    private static partial Regex AgeString();

    [GeneratedRegex(@"^[A-Z0-9 _]*$")]
    private static partial Regex CodeString();

    [GeneratedRegex(@"^\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?)?)?([+-]\d{4})?$")]
    private static partial Regex DateTimeString();

    [GeneratedRegex(@"^([01]\d|2[0-3])([0-5]\d([0-5]\d(\.\d{1,6})?)?)?$")]
    private static partial Regex TimeString();

    [GeneratedRegex(@"^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$")]
    private static partial Regex UidString();
}
