using Edge.Dicom.Data;

namespace Edge.Pixels.Triage;

/// <summary>The attributes' verdict on an instance: at risk of burned-in text or not, and why (no values quoted).</summary>
public sealed record TriageVerdict(bool AtRisk, string Reason)
{
    public static TriageVerdict Safe { get; } = new(false, "no attribute suggests burned-in text");
}

/// <summary>
/// Decides from the header alone, at no cost, whether an instance may carry burned-in text: Burned In Annotation YES;
/// or absent on modalities and SOP classes that are screens, photographs or projections with overlays (US, SC, XC,
/// ES, OT, DOC, XA, RF, secondary capture, true-colour multi-frame, visible light); or colour pixels on any modality;
/// or an Image Type value configured as risky (not applied to CT and MR unless asked, so their slices pay nothing).
/// </summary>
public static class RiskTriage
{
    private static readonly HashSet<string> s_modalities = new(StringComparer.Ordinal) { "US", "SC", "XC", "ES", "OT", "DOC", "XA", "RF" };

    private static readonly HashSet<string> s_sopClasses = new(StringComparer.Ordinal)
    {
        "1.2.840.10008.5.1.4.1.1.7",       // Secondary Capture
        "1.2.840.10008.5.1.4.1.1.7.1",     // Multi-frame Single Bit SC
        "1.2.840.10008.5.1.4.1.1.7.2",     // Multi-frame Grayscale Byte SC
        "1.2.840.10008.5.1.4.1.1.7.3",     // Multi-frame Grayscale Word SC
        "1.2.840.10008.5.1.4.1.1.7.4",     // Multi-frame True Color SC
        "1.2.840.10008.5.1.4.1.1.6",       // Ultrasound (retired)
        "1.2.840.10008.5.1.4.1.1.6.1",     // Ultrasound
        "1.2.840.10008.5.1.4.1.1.6.2",     // Enhanced US Volume
        "1.2.840.10008.5.1.4.1.1.3",       // Ultrasound Multi-frame (retired)
        "1.2.840.10008.5.1.4.1.1.3.1",     // Ultrasound Multi-frame
        "1.2.840.10008.5.1.4.1.1.12.1",    // X-Ray Angiographic
        "1.2.840.10008.5.1.4.1.1.12.1.1",  // Enhanced XA
        "1.2.840.10008.5.1.4.1.1.12.2",    // X-Ray Radiofluoroscopic
        "1.2.840.10008.5.1.4.1.1.12.2.1",  // Enhanced XRF
        "1.2.840.10008.5.1.4.1.1.104.1",   // Encapsulated PDF
        "1.2.840.10008.5.1.4.1.1.104.2",   // Encapsulated CDA
    };

    /// <summary>Visible light images: endoscopy, microscopy, photography, ophthalmic photography, video.</summary>
    private const string VisibleLightPrefix = "1.2.840.10008.5.1.4.1.1.77.1.";

    public static TriageVerdict Assess(DicomDataset dataset, TriageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= TriageOptions.Default;
        var burnedIn = AttributeReader.CodeString(dataset, DicomTags.BurnedInAnnotation, "BurnedInAnnotation")?.ToUpperInvariant();
        if (burnedIn == "YES")
        {
            return new TriageVerdict(true, "BurnedInAnnotation is YES");
        }
        var modality = AttributeReader.CodeString(dataset, DicomTags.Modality, "Modality")?.ToUpperInvariant() ?? "";
        var sopClass = AttributeReader.CodeString(dataset, DicomTags.SOPClassUID, "SOPClassUID") ?? "";
        if (string.IsNullOrEmpty(burnedIn))
        {
            if (s_modalities.Contains(modality))
            {
                return new TriageVerdict(true, $"BurnedInAnnotation absent on a {modality} instance");
            }
            if (s_sopClasses.Contains(sopClass) || sopClass.StartsWith(VisibleLightPrefix, StringComparison.Ordinal))
            {
                return new TriageVerdict(true, $"BurnedInAnnotation absent on SOP class {sopClass}");
            }
        }
        var photometric = AttributeReader.CodeString(dataset, DicomTags.PhotometricInterpretation, "PhotometricInterpretation") ?? "";
        if (photometric is "RGB" or "PALETTE COLOR" || photometric.StartsWith("YBR", StringComparison.Ordinal))
        {
            return new TriageVerdict(true, $"{photometric} pixels");
        }
        if (modality is not ("CT" or "MR") || options.ImageTypeRuleOnCtMr)
        {
            var imageType = AttributeReader.CodeString(dataset, DicomTags.ImageType, "ImageType") ?? "";
            foreach (var value in imageType.Split('\\'))
            {
                var v = value.Trim();
                if (v.Length > 0 && options.RiskyImageTypes.Contains(v, StringComparer.OrdinalIgnoreCase))
                {
                    return new TriageVerdict(true, $"Image Type {v.ToUpperInvariant()}");
                }
            }
        }
        return TriageVerdict.Safe;
    }
}
