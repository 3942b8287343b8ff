using Edge.Deid.Profiles;
using Edge.Dicom.Data;

namespace Edge.Deid.Engine;

/// <summary>
/// The pixel stage the engine calls when the profile has <see cref="DeidProfile.CleanPixelData"/>: it finds text
/// burned into the frames and masks what identifies, or holds the instance for a person to look at. Implemented
/// outside Edge.Deid (the daemon wires Edge.Pixels in), so the header engine does not depend on codecs or OCR.
/// </summary>
public interface IPixelCleaner
{
    /// <summary>
    /// Checks <paramref name="file"/> and masks its frames in place when needed (pixel data, transfer syntax and
    /// image pixel attributes may change). Bad pixel data is reported as <see cref="PixelCleaningStatus.Held"/>.
    /// </summary>
    PixelCleaningResult Clean(DicomFile file, PixelCleaningRequest request);
}

/// <summary>What to look for in the pixels, and how far to go.</summary>
/// <param name="Identifiers">The instance's original identifiers, gathered before anything changed.</param>
/// <param name="Policy">The profile's pixel policy.</param>
public sealed record PixelCleaningRequest(PixelIdentifiers Identifiers, PixelPolicy Policy);

/// <summary>
/// An instance's original identifying values, sorted by how they are matched: name parts, identifiers (values with
/// digits: IDs, accession numbers), dates in the spellings people write, and other removed text (addresses,
/// institutions). Never logged.
/// </summary>
public sealed record PixelIdentifiers(
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Ids,
    IReadOnlyList<string> Dates,
    IReadOnlyList<string> Other);

public enum PixelCleaningStatus
{
    /// <summary>Nothing suggests text in the pixels: the instance goes on as it is.</summary>
    NotAtRisk,

    /// <summary>The stage checked the frames and masked what identifies (possibly nothing).</summary>
    Cleaned,

    /// <summary>The stage could not decide or could not mask: a person must look at the instance.</summary>
    Held,
}

/// <summary>A rectangle of frame pixels the stage filled, the same on every frame.</summary>
public readonly record struct MaskedRegion(int Left, int Top, int Width, int Height);

/// <summary>
/// The outcome of the pixel stage. <see cref="Method"/> says how the frames were written: "native",
/// "re-encoded &lt;syntax UID&gt;", "dct" (baseline JPEG masked in the coefficient domain), "decompressed to explicit LE",
/// or "verified" when nothing needed masking.
/// </summary>
public sealed record PixelCleaningResult(PixelCleaningStatus Status, IReadOnlyList<MaskedRegion> Regions, string? Method, string? Reason)
{
    public static PixelCleaningResult NotAtRisk { get; } = new(PixelCleaningStatus.NotAtRisk, [], null, null);

    public static PixelCleaningResult Cleaned(IReadOnlyList<MaskedRegion> regions, string method) =>
        new(PixelCleaningStatus.Cleaned, regions, method, null);

    public static PixelCleaningResult Held(string reason) => new(PixelCleaningStatus.Held, [], null, reason);
}
