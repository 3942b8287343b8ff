using Edge.Dicom.Data;

namespace Edge.Pixels.Rendering;

/// <summary>
/// How stored values become displayed greys (PS3.3 C.11): the modality rescale, and the first VOI window when the
/// dataset has one (else the renderer stretches each frame's own range).
/// </summary>
public sealed record DisplayParameters(double RescaleSlope, double RescaleIntercept, double? WindowCenter, double? WindowWidth)
{
    public static DisplayParameters Identity { get; } = new(1, 0, null, null);

    /// <summary>Reads Rescale Slope/Intercept and Window Center/Width; unusable values are ignored, not fatal.</summary>
    public static DisplayParameters FromDataset(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var slope = First(dataset, DicomTags.RescaleSlope, "RescaleSlope") ?? 1;
        var intercept = First(dataset, DicomTags.RescaleIntercept, "RescaleIntercept") ?? 0;
        var center = First(dataset, DicomTags.WindowCenter, "WindowCenter");
        var width = First(dataset, DicomTags.WindowWidth, "WindowWidth");
        if (center is null || width is null or < 1)
        {
            center = width = null;
        }
        return new DisplayParameters(slope == 0 ? 1 : slope, intercept, center, width);
    }

    private static double? First(DicomDataset dataset, DicomTag tag, string keyword)
    {
        try
        {
            var values = AttributeReader.Decimals(dataset, tag, keyword);
            return values.Length > 0 ? values[0] : null;
        }
        catch (InvalidPixelDataException)
        {
            // A malformed display hint falls back to the frame's own range rather than refusing the image.
            return null;
        }
    }
}
