namespace Edge.Deid.Rules;

/// <summary>A coded concept of the DICOM coding scheme (DCM), as written into De-identification Method Code Sequence.</summary>
public sealed record DeidCode(string Value, string Meaning)
{
    public const string SchemeDesignator = "DCM";
}

/// <summary>
/// PS3.16 CID 7050 "De-identification Method": the profile and each option, recorded in De-identification Method Code
/// Sequence (0012,0064) of every instance the engine writes.
/// </summary>
public static class DeidCodes
{
    public static DeidCode BasicProfile { get; } = new("113100", "Basic Application Confidentiality Profile");
    public static DeidCode CleanPixelData { get; } = new("113101", "Clean Pixel Data Option");
    public static DeidCode CleanRecognizableVisualFeatures { get; } = new("113102", "Clean Recognizable Visual Features Option");
    public static DeidCode CleanGraphics { get; } = new("113103", "Clean Graphics Option");
    public static DeidCode CleanStructuredContent { get; } = new("113104", "Clean Structured Content Option");
    public static DeidCode CleanDescriptors { get; } = new("113105", "Clean Descriptors Option");
    public static DeidCode RetainLongitudinalFullDates { get; } = new("113106", "Retain Longitudinal Temporal Information Full Dates Option");
    public static DeidCode RetainLongitudinalModifiedDates { get; } = new("113107", "Retain Longitudinal Temporal Information Modified Dates Option");
    public static DeidCode RetainPatientCharacteristics { get; } = new("113108", "Retain Patient Characteristics Option");
    public static DeidCode RetainDeviceIdentity { get; } = new("113109", "Retain Device Identity Option");
    public static DeidCode RetainUids { get; } = new("113110", "Retain UIDs Option");
    public static DeidCode RetainSafePrivate { get; } = new("113111", "Retain Safe Private Option");
    public static DeidCode RetainInstitutionIdentity { get; } = new("113112", "Retain Institution Identity Option");

    /// <summary>The code that records a table option.</summary>
    public static DeidCode For(DeidOption option) => option switch
    {
        DeidOption.RetainSafePrivate => RetainSafePrivate,
        DeidOption.RetainUids => RetainUids,
        DeidOption.RetainDeviceIdentity => RetainDeviceIdentity,
        DeidOption.RetainInstitutionIdentity => RetainInstitutionIdentity,
        DeidOption.RetainPatientCharacteristics => RetainPatientCharacteristics,
        DeidOption.RetainLongitudinalFullDates => RetainLongitudinalFullDates,
        DeidOption.RetainLongitudinalModifiedDates => RetainLongitudinalModifiedDates,
        DeidOption.CleanDescriptors => CleanDescriptors,
        DeidOption.CleanStructuredContent => CleanStructuredContent,
        DeidOption.CleanGraphics => CleanGraphics,
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not a Table E.1-1 option"),
    };
}
