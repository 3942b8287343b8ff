using Edge.Dicom.Data;
using Edge.Pixels.Decision;
using Edge.Pixels.Frames;
using Edge.Pixels.Masking;
using Edge.Pixels.Ocr;
using Edge.Pixels.Rendering;
using Edge.Pixels.Templates;
using Edge.Pixels.Triage;

namespace Edge.Pixels.Cleaning;

/// <summary>
/// The pixel stage for one instance: triage by attributes (free), the edge-band check (two band reads), OCR of
/// sampled frames and of the static overlay of a cine loop when at risk, the decision, and masking on every frame.
/// Fails closed: what it cannot read or decide is held, never passed. Thread-safe; the OCR engines start on first
/// need, so a stream of CT slices never loads them.
/// </summary>
public sealed class PixelCleaner : IDisposable
{
    private readonly Lazy<TesseractOcr> _ocr;

    public PixelCleaner(OcrOptions? ocrOptions = null) =>
        _ocr = new Lazy<TesseractOcr>(() => new TesseractOcr(ocrOptions), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Decides what to mask without changing the file.</summary>
    /// <exception cref="PixelDataException">The pixel data of an at-risk instance cannot be read, or OCR failed.</exception>
    public PixelCleaningPlan Plan(DicomFile file, PixelIdentifiers identifiers, PixelCleaningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(identifiers);
        options ??= PixelCleaningOptions.Default;
        var ds = file.Dataset;
        if (!ds.Contains(DicomTags.PixelData))
        {
            return new PixelCleaningPlan(PixelVerdict.NotAtRisk, [], "no pixel data", 0);
        }
        var verdict = RiskTriage.Assess(ds, options.Triage);
        var templates = options.Templates.Match(ds);
        var templateRects = templates.SelectMany(t => t.Regions).ToList();
        EdgeTextFinding? edge;
        try
        {
            edge = verdict.AtRisk || options.Triage.EdgeCheck ? EdgeBandDetector.Detect(file) : null;
        }
        catch (PixelDataException) when (!verdict.AtRisk)
        {
            // The attributes say no risk and the frame cannot be read for the extra check: nothing more to learn.
            edge = null;
        }
        if (!verdict.AtRisk && edge is null)
        {
            return templateRects.Count > 0
                ? new PixelCleaningPlan(PixelVerdict.Mask, templateRects, "region template", 0)
                : new PixelCleaningPlan(PixelVerdict.NotAtRisk, [], verdict.Reason, 0);
        }
        var reason = verdict.AtRisk ? verdict.Reason : "text-like saturated runs near the edge";
        if (templates.Count > 0 && templates.All(t => !t.Ocr) && edge is null)
        {
            return new PixelCleaningPlan(PixelVerdict.Mask, templateRects, reason + "; region template", 0);
        }

        var frames = PixelFrames.Open(file);
        var info = frames.FrameInfo;
        var passes = new List<IReadOnlyList<OcrWord>>();
        var first = verdict.AtRisk ? ReadFrames(file, frames, options, passes) : null;
        if (edge is not null)
        {
            // The edge check's text read on its own strip: a busy image around it confuses the page layout analysis.
            first ??= GreyscaleRenderer.Render(frames.GetFrame(0), info, DisplayParameters.FromDataset(ds));
            passes.AddRange(ReadStrips(first, edge));
        }
        var decision = TextDecider.Decide(passes, new IdentifierMatcher(identifiers), options.Scope, options.MinConfidence, info.Columns, info.Rows, edge);
        if (decision.HeldReason is { } held)
        {
            return new PixelCleaningPlan(PixelVerdict.Held, decision.Masks, held, decision.LegibleWords);
        }
        var burnedIn = AttributeReader.CodeString(ds, DicomTags.BurnedInAnnotation, "BurnedInAnnotation");
        if (decision.LegibleWords == 0 && decision.Masks.Count == 0 && templateRects.Count == 0
            && string.Equals(burnedIn, "YES", StringComparison.OrdinalIgnoreCase))
        {
            // The creator says identifying text is there and none could be read: it is not known to be gone.
            return new PixelCleaningPlan(PixelVerdict.Held, [], "BurnedInAnnotation is YES but OCR read no text with confidence", 0);
        }
        var rectangles = MaskGeometry.Prepare(decision.Masks.Concat(templateRects), info.Columns, info.Rows);
        return new PixelCleaningPlan(PixelVerdict.Mask, rectangles, reason, decision.LegibleWords);
    }

    /// <summary>
    /// Plans and masks in place. Bad or unsupported pixel data, and OCR failures, give a held outcome rather than an
    /// exception: an instance that cannot be checked is not released.
    /// </summary>
    public PixelCleaningOutcome Clean(DicomFile file, PixelIdentifiers identifiers, PixelCleaningOptions? options = null)
    {
        options ??= PixelCleaningOptions.Default;
        try
        {
            var plan = Plan(file, identifiers, options);
            switch (plan.Verdict)
            {
                case PixelVerdict.NotAtRisk:
                    return new PixelCleaningOutcome(PixelCleaningStatus.NotAtRisk, [], null, plan.Reason);
                case PixelVerdict.Held:
                    return new PixelCleaningOutcome(PixelCleaningStatus.Held, [], null, plan.Reason);
            }
            if (plan.Rectangles.Count == 0)
            {
                return new PixelCleaningOutcome(PixelCleaningStatus.Cleaned, [], PixelCleaningOutcome.Verified, plan.Reason);
            }
            var masked = PixelMasker.Apply(file, plan.Rectangles, options.TempDirectory);
            return new PixelCleaningOutcome(PixelCleaningStatus.Cleaned, masked.Rectangles, masked.Method, plan.Reason);
        }
        catch (PixelDataException ex)
        {
            // Our exceptions describe structure (attributes, lengths, codecs), never pixel text: fit for the record.
            return new PixelCleaningOutcome(PixelCleaningStatus.Held, [], null, "cannot be checked or masked: " + ex.Message);
        }
        catch (IOException ex)
        {
            // The temporary file of masked frames could not be written (a full disk): nothing clean to release.
            return new PixelCleaningOutcome(PixelCleaningStatus.Held, [], null, "masked frames could not be written: " + ex.Message);
        }
    }

    public void Dispose()
    {
        if (_ocr.IsValueCreated)
        {
            _ocr.Value.Dispose();
        }
    }

    /// <summary>
    /// OCR of whole sampled frames, and of the static overlay when a cine loop has one, added to
    /// <paramref name="passes"/>; returns the grey view of frame 0 (always sampled) for the edge strips to reuse.
    /// </summary>
    private GreyImage? ReadFrames(DicomFile file, PixelFrames frames, PixelCleaningOptions options, List<IReadOnlyList<OcrWord>> passes)
    {
        var info = frames.FrameInfo;
        var display = DisplayParameters.FromDataset(file.Dataset);
        var sampled = FrameSampler.Sample(frames.FrameCount, options.OcrSampleFrames).ToHashSet();
        // Three frames at least tell an overlay from anatomy that happens to stand still for a moment.
        var trackStatic = frames.FrameCount >= 3 && info.BitsAllocated != 1;
        StaticPixels? still = null;
        GreyImage? firstGrey = null;
        for (var i = 0; i < frames.FrameCount; i++)
        {
            if (!trackStatic && !sampled.Contains(i))
            {
                continue;
            }
            var frame = frames.GetFrame(i);
            if (trackStatic)
            {
                if (still is null)
                {
                    still = new StaticPixels(info, frame);
                }
                else
                {
                    still.Add(frame);
                }
            }
            if (sampled.Contains(i))
            {
                var grey = GreyscaleRenderer.Render(frame, info, display);
                firstGrey ??= grey;
                passes.Add(_ocr.Value.Recognize(grey));
            }
        }
        // A loop where (almost) nothing moves has no separate overlay: its first frame was read already.
        if (still is not null && firstGrey is not null && still.StaticFraction is > 0.001 and < 0.95)
        {
            passes.Add(_ocr.Value.Recognize(still.Overlay(firstGrey)));
        }
        return firstGrey;
    }

    /// <summary>OCR of a strip around each region where the edge check saw text, on the first frame.</summary>
    private List<IReadOnlyList<OcrWord>> ReadStrips(GreyImage frame, EdgeTextFinding edge)
    {
        var passes = new List<IReadOnlyList<OcrWord>>();
        foreach (var region in edge.Regions)
        {
            // The check saw the rows where strokes are densest; ascenders, descenders and the next line lie around them.
            var pad = Math.Max(8, region.Height);
            var top = Math.Max(0, region.Top - pad);
            var height = Math.Min(frame.Height, region.Bottom + pad) - top;
            var strip = new GreyImage(frame.Width, height, frame.Pixels.AsSpan(top * frame.Width, height * frame.Width).ToArray());
            // Read as one block (best for a clean line) and as sparse text (best when noise surrounds it), enlarged a
            // little more than whole frames: the check fires on text of any size, down to a few pixels high.
            foreach (var layout in new[] { OcrLayout.SingleBlock, OcrLayout.SparseText })
            {
                var words = _ocr.Value.Recognize(strip, layout, upscale: 3);
                passes.Add([.. words.Select(w => w with { Box = w.Box with { Top = w.Box.Top + top } })]);
            }
        }
        return passes;
    }
}
