using Edge.Pixels.Rendering;

namespace Edge.Pixels.Ocr;

/// <summary>
/// Reads text burned into frames with Tesseract 5 (libtesseract through its C API). Each call runs the
/// <see cref="OcrPreprocessor"/> variants of the frame and merges their words: where boxes from several variants
/// overlap, the most confident reading stands. Thread-safe: concurrent calls use separate engines.
/// </summary>
public sealed class TesseractOcr : IDisposable
{
    private readonly OcrOptions _options;
    private readonly TesseractEnginePool _pool;

    /// <exception cref="NativeLibraryUnavailableException">libtesseract.so.5 is not installed.</exception>
    /// <exception cref="OcrException">The language data cannot be loaded.</exception>
    public TesseractOcr(OcrOptions? options = null)
    {
        _options = options ?? new OcrOptions();
        _pool = new TesseractEnginePool(_options);
        // Fail at construction, not at the first frame, when the engine cannot start.
        _pool.Return(_pool.Rent());
    }

    /// <summary>Words found in a grey view of a frame, boxes in frame coordinates, ordered top to bottom, left to right.</summary>
    /// <param name="layout">How text is laid out: scattered overlay text (the default), or one block such as a strip cut
    /// around a line.</param>
    /// <param name="upscale">Enlargement of a small image, instead of <see cref="OcrOptions.UpscaleFactor"/>.</param>
    public IReadOnlyList<OcrWord> Recognize(GreyImage frame, OcrLayout layout = OcrLayout.SparseText, int? upscale = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var engine = _pool.Rent();
        try
        {
            var found = new List<OcrWord>();
            foreach (var variant in OcrPreprocessor.Variants(frame, _options, upscale))
            {
                foreach (var word in engine.Recognize(variant.Image, layout))
                {
                    found.Add(word with { Box = ToFrame(word.Box, variant, frame) });
                }
            }
            return Merge(found);
        }
        finally
        {
            _pool.Return(engine);
        }
    }

    public void Dispose() => _pool.Dispose();

    private static PixelRect ToFrame(PixelRect box, OcrPreprocessor.Variant variant, GreyImage frame)
    {
        var (up, down) = (variant.Up, variant.Down);
        var left = Math.Clamp(box.Left * down / up, 0, frame.Width);
        var top = Math.Clamp(box.Top * down / up, 0, frame.Height);
        var right = Math.Clamp((box.Right * down + up - 1) / up, left, frame.Width);
        var bottom = Math.Clamp((box.Bottom * down + up - 1) / up, top, frame.Height);
        return new PixelRect(left, top, right - left, bottom - top);
    }

    /// <summary>
    /// Keeps, of words whose boxes mostly overlap each other (the same word read in several variants), the most
    /// confident one. Overlap is measured against the larger box: a confident digit inside a longer word read with
    /// less confidence must not hide that word.
    /// </summary>
    private static List<OcrWord> Merge(List<OcrWord> words)
    {
        var kept = new List<OcrWord>();
        foreach (var word in words.OrderByDescending(w => w.Confidence))
        {
            if (!kept.Any(k => MostlyOverlap(k.Box, word.Box)))
            {
                kept.Add(word);
            }
        }
        return [.. kept.OrderBy(w => w.Box.Top).ThenBy(w => w.Box.Left)];
    }

    private static bool MostlyOverlap(PixelRect a, PixelRect b)
    {
        var shared = a.Intersect(b).Area;
        return shared > 0 && shared * 2 >= Math.Max(a.Area, b.Area);
    }
}
