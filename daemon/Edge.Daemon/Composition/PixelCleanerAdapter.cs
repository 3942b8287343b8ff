using System.Collections.Concurrent;
using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Dicom.Data;
using Edge.Pixels;
using Edge.Pixels.Cleaning;
using Edge.Pixels.Decision;
using Edge.Pixels.Review;
using Edge.Pixels.Templates;
using Edge.Pixels.Triage;
using PixelsIdentifiers = Edge.Pixels.Decision.PixelIdentifiers;
using PixelsStatus = Edge.Pixels.Cleaning.PixelCleaningStatus;

namespace Edge.Daemon.Composition;

/// <summary>
/// Edge.Pixels' <see cref="PixelCleaner"/> behind the engine's <see cref="IPixelCleaner"/>: the two projects do not know
/// each other, the daemon joins them. Profile policies become pixel options once (template files read then).
/// </summary>
public sealed class PixelCleanerAdapter : IPixelCleaner, IDisposable
{
    private static readonly Lazy<PixelCleanerAdapter> s_shared = new(() => new PixelCleanerAdapter(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly PixelCleaner _cleaner = new();
    private readonly ConcurrentDictionary<PixelPolicy, PixelCleaningOptions> _options = new();
    private readonly string? _tempDirectory;

    /// <param name="tempDirectory">Where masked frames wait until written; default the system's temporary directory.</param>
    public PixelCleanerAdapter(string? tempDirectory = null) => _tempDirectory = tempDirectory;

    /// <summary>One cleaner for the process: its OCR engines are loaded once, on the first at-risk instance.</summary>
    public static PixelCleanerAdapter Shared => s_shared.Value;

    public PixelCleaningResult Clean(DicomFile file, PixelCleaningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PixelCleaningOptions options;
        try
        {
            options = _options.GetOrAdd(request.Policy, Options);
        }
        catch (RegionTemplateException ex)
        {
            return PixelCleaningResult.Held("region templates unusable: " + ex.Message);
        }
        var ids = request.Identifiers;
        var outcome = _cleaner.Clean(file, new PixelsIdentifiers(ids.Names, ids.Ids, ids.Dates, ids.Other), options);
        return outcome.Status switch
        {
            PixelsStatus.NotAtRisk => PixelCleaningResult.NotAtRisk,
            PixelsStatus.Cleaned => PixelCleaningResult.Cleaned(
                [.. outcome.Rectangles.Select(r => new MaskedRegion(r.Left, r.Top, r.Width, r.Height))], outcome.Method ?? PixelCleaningOutcome.Verified),
            _ => PixelCleaningResult.Held(outcome.Reason ?? "pixel data could not be cleaned"),
        };
    }

    /// <summary>
    /// What the stage would do with an instance, without changing it: the rectangles it would mask, or why it holds
    /// it. For the review of held instances (a preview with the proposed masks, then approval).
    /// </summary>
    /// <exception cref="PixelDataException">The pixel data cannot be read, or a template file cannot be used.</exception>
    public PixelCleaningPlan Propose(DicomFile file, DeidEngine engine)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(engine);
        var ids = engine.PixelIdentifiersOf(file.Dataset);
        return _cleaner.Plan(file, new PixelsIdentifiers(ids.Names, ids.Ids, ids.Dates, ids.Other), _options.GetOrAdd(engine.Profile.Pixels, Options));
    }

    /// <summary>
    /// The stage for an approved instance: it masks exactly the rectangles the reviewer accepted, on every frame, and
    /// reports them as cleaned, so the engine records the cleaning as it would its own.
    /// </summary>
    public static IPixelCleaner Approved(IReadOnlyList<MaskedRegion> regions, string? tempDirectory = null) => new ApprovedMasks(regions, tempDirectory);

    public void Dispose() => _cleaner.Dispose();

    private PixelCleaningOptions Options(PixelPolicy policy) => new()
    {
        Scope = policy.Mask switch
        {
            PixelTextScope.OutsideAnatomy => MaskScope.OutsideAnatomy,
            PixelTextScope.AllText => MaskScope.AllText,
            _ => MaskScope.Identifiers,
        },
        Triage = new TriageOptions
        {
            RiskyImageTypes = policy.RiskyImageTypes,
            ImageTypeRuleOnCtMr = policy.ImageTypeRuleOnCtMr,
            EdgeCheck = policy.EdgeCheck,
        },
        MinConfidence = policy.MinConfidence,
        Templates = policy.TemplatesFile is { } path ? RegionTemplateSet.Load(path) : RegionTemplateSet.Empty,
        TempDirectory = _tempDirectory,
    };

    private sealed class ApprovedMasks(IReadOnlyList<MaskedRegion> regions, string? tempDirectory) : IPixelCleaner
    {
        public PixelCleaningResult Clean(DicomFile file, PixelCleaningRequest request)
        {
            if (regions.Count == 0)
            {
                return PixelCleaningResult.Cleaned([], "reviewed");
            }
            try
            {
                var masked = PixelReview.ApplyMasks(file, [.. regions.Select(r => new PixelRect(r.Left, r.Top, r.Width, r.Height))], tempDirectory);
                return PixelCleaningResult.Cleaned(
                    [.. masked.Rectangles.Select(r => new MaskedRegion(r.Left, r.Top, r.Width, r.Height))], "reviewed, " + masked.Method);
            }
            catch (PixelDataException ex)
            {
                return PixelCleaningResult.Held("approved masks cannot be applied: " + ex.Message);
            }
        }
    }
}
