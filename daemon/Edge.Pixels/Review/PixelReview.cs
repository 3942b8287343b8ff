using Edge.Dicom.Data;
using Edge.Pixels.Frames;
using Edge.Pixels.Masking;
using Edge.Pixels.Rendering;

namespace Edge.Pixels.Review;

/// <summary>
/// What visual review of held instances needs (edgectl quarantine preview and approve): a PNG of one frame as it is
/// or with rectangles blacked out, and masking on approval.
/// </summary>
public static class PixelReview
{
    /// <summary>
    /// Frame <paramref name="frame"/> (0-based) rendered in grey as a viewer would show it (window, rescale,
    /// MONOCHROME1 inverted; colour by luminance), with <paramref name="rectangles"/> filled black when given.
    /// </summary>
    /// <exception cref="PixelDataException">The pixel data cannot be decoded.</exception>
    public static byte[] RenderPreviewPng(DicomFile file, int frame, IReadOnlyList<PixelRect>? rectangles = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var frames = PixelFrames.Open(file);
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, frames.FrameCount);
        var image = GreyscaleRenderer.Render(frames.GetFrame(frame), frames.FrameInfo, DisplayParameters.FromDataset(file.Dataset));
        if (rectangles is { Count: > 0 })
        {
            foreach (var r in MaskGeometry.Prepare(rectangles, image.Width, image.Height))
            {
                for (var y = r.Top; y < r.Bottom; y++)
                {
                    image.Pixels.AsSpan(y * image.Width + r.Left, r.Width).Clear();
                }
            }
        }
        return PngWriter.Encode(image);
    }

    /// <summary>
    /// Masks <paramref name="rectangles"/> on every frame of <paramref name="file"/> in place, as the pixel stage does
    /// (see <see cref="PixelMasker"/>); the caller then records it and writes the file.
    /// </summary>
    public static MaskingResult ApplyMasks(DicomFile file, IReadOnlyList<PixelRect> rectangles, string? tempDirectory = null) =>
        PixelMasker.Apply(file, rectangles, tempDirectory);
}
