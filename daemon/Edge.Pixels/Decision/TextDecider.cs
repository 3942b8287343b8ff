using Edge.Pixels.Masking;
using Edge.Pixels.Ocr;
using Edge.Pixels.Triage;

namespace Edge.Pixels.Decision;

/// <summary>What the words read in an image call for: rectangles to mask on every frame, or a reason to hold it.</summary>
/// <param name="LegibleWords">Words of three letters or digits or more read with confidence, over all OCR passes.</param>
public sealed record TextDecision(IReadOnlyList<PixelRect> Masks, string? HeldReason, int LegibleWords);

/// <summary>
/// Turns OCR words into masks, failing closed. Identifying words are masked outside the anatomy and hold the instance
/// over it; every word is masked under <see cref="MaskScope.AllText"/>, every word outside the anatomy under
/// <see cref="MaskScope.OutsideAnatomy"/>. A word of four characters or more read with low confidence is masked when
/// outside the anatomy and holds the instance when it lies over the anatomy and resembles an identifier. Saturated
/// text the edge check saw must be accounted for by masked or clearly read words, else the instance is held.
/// </summary>
internal static class TextDecider
{
    /// <summary>Share of the edge check's text pixels that may stay unexplained (glyph fringes outside word boxes).</summary>
    private const double UnexplainedAllowance = 0.15;

    /// <summary>The confidence of a reading that accounts for edge text it does not mask.</summary>
    private const int ClearReading = 80;

    public static TextDecision Decide(IReadOnlyList<IReadOnlyList<OcrWord>> passes, IdentifierMatcher identifiers, MaskScope scope,
        int minConfidence, int columns, int rows, EdgeTextFinding? edge)
    {
        var masks = new List<PixelRect>();
        var explained = new List<PixelRect>();
        string? held = null;
        var legible = 0;
        foreach (var words in passes)
        {
            var kinds = WordClassifier.Classify(words, identifiers);
            for (var i = 0; i < words.Count; i++)
            {
                var word = words[i];
                var letters = TextFold.AlphanumericCount(word.Text);
                if (letters == 0 || word.Box.Area == 0)
                {
                    continue;
                }
                var outside = AnatomyBands.IsOutside(word.Box, columns, rows);
                if (!outside && !LooksLikeText(word))
                {
                    // OCR reads the tiles of a mosaic or a test pattern as rows of zeros: glyphs are taller than wide.
                    continue;
                }
                var confident = word.Confidence >= minConfidence;
                if (confident && letters >= 3)
                {
                    legible++;
                }
                var mask = scope == MaskScope.AllText || (scope == MaskScope.OutsideAnatomy && outside);
                // Over the anatomy a pattern (digits, a date shape) read with low confidence is texture more often than
                // text; it is weighed as an unsure word. The instance's own identifiers count at any confidence.
                var identifying = kinds[i] == WordKind.Identifier || (kinds[i] != WordKind.None && (outside || confident));
                if (identifying)
                {
                    if (outside || mask)
                    {
                        mask = true;
                    }
                    else
                    {
                        held ??= "identifying text over the anatomy";
                    }
                }
                else if (!confident && letters >= 4)
                {
                    if (outside)
                    {
                        // An unsure reading in the overlay band is masked rather than trusted. Shorter readings are
                        // mostly speckle at the edge of an ultrasound sector.
                        mask = true;
                    }
                    else if (!mask && identifiers.Resembles(word.Text))
                    {
                        held ??= "text over the anatomy that may identify could not be read with confidence";
                    }
                }
                if (mask)
                {
                    var margin = Math.Max(2, word.Box.Height / 4);
                    masks.Add(new PixelRect(word.Box.Left - margin, word.Box.Top - margin, word.Box.Width + 2 * margin, word.Box.Height + 2 * margin));
                }
                // Text the edge check saw is accounted for only by a mask or a clear reading: a half-sure "PID?" over
                // an ID whose digits were not read must not pass for it.
                if (mask || word.Confidence >= Math.Max(minConfidence, ClearReading))
                {
                    explained.Add(new PixelRect(word.Box.Left - 2, word.Box.Top - 2, word.Box.Width + 4, word.Box.Height + 4));
                }
            }
        }
        if (held is null && edge is not null && Unexplained(edge, explained) > UnexplainedAllowance)
        {
            held = "burned-in text near the edge could not be read with confidence";
        }
        return new TextDecision(MaskGeometry.Prepare(masks, columns, rows), held, legible);
    }

    /// <summary>Characters no wider on average than 1.2 times the box height, as letters and digits are.</summary>
    private static bool LooksLikeText(OcrWord word) =>
        word.Box.Width <= 1.2 * word.Box.Height * Math.Max(1, word.Text.Length);

    /// <summary>The share of the edge check's run pixels that no explained word box covers.</summary>
    private static double Unexplained(EdgeTextFinding edge, List<PixelRect> explained)
    {
        long total = 0, uncovered = 0;
        foreach (var run in edge.Runs)
        {
            total += run.Width;
            // A run is one pixel high: what the boxes cover of it is a union of column intervals.
            var covered = explained.Select(run.Intersect).Where(r => r.Area > 0).OrderBy(r => r.Left).ToList();
            var end = run.Left;
            var count = 0;
            foreach (var c in covered)
            {
                var from = Math.Max(end, c.Left);
                if (c.Right > from)
                {
                    count += c.Right - from;
                    end = c.Right;
                }
            }
            uncovered += run.Width - count;
        }
        return total == 0 ? 0 : (double)uncovered / total;
    }
}
