using System.Text;
using System.Text.RegularExpressions;
using Edge.Pixels.Ocr;

namespace Edge.Pixels.Decision;

/// <summary>Why a word read in the pixels identifies (or may identify) the patient.</summary>
public enum WordKind
{
    /// <summary>Nothing in it identifies.</summary>
    None,

    /// <summary>One of the instance's own names, IDs or dates, or a piece of one.</summary>
    Identifier,

    /// <summary>Four digits or more in a row (IDs, accession numbers, years).</summary>
    DigitRun,

    /// <summary>Part of a date in a common format (15/04/1972, 1972-04-15, 15 APR 1972, 15 avr. 1972).</summary>
    Date,

    /// <summary>A name after an honorific (Mr, Mrs, Dr, Pr., Mme, M., Docteur ...), or the honorific itself. "Ms" and "Pr"
    /// without a dot are left out: on images they are milliseconds and ECG intervals.</summary>
    NameAfterHonorific,
}

/// <summary>
/// Classifies the words one OCR pass read on one image. Words are grouped into lines first, because a date or a name
/// after an honorific spans several words.
/// </summary>
internal static partial class WordClassifier
{
    public static WordKind[] Classify(IReadOnlyList<OcrWord> words, IdentifierMatcher identifiers)
    {
        var kinds = new WordKind[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var text = words[i].Text;
            kinds[i] = identifiers.Matches(text) ? WordKind.Identifier
                : DigitRun().IsMatch(text) ? WordKind.DigitRun
                : WordKind.None;
        }
        foreach (var line in Lines(words))
        {
            var (text, spans) = LineText(words, line);
            MarkMatches(Date(), text, spans, line, kinds, WordKind.Date);
            MarkMatches(Honorific(), text, spans, line, kinds, WordKind.NameAfterHonorific);
            MarkIdentifiersAcrossWords(words, line, identifiers, kinds);
        }
        return kinds;
    }

    /// <summary>A value of several words ("SPRINGVALE MEMORIAL HOSPITAL") is found in the line with the spaces gone.</summary>
    private static void MarkIdentifiersAcrossWords(IReadOnlyList<OcrWord> words, List<int> line, IdentifierMatcher identifiers, WordKind[] kinds)
    {
        if (line.Count < 2)
        {
            return;
        }
        var folded = new StringBuilder();
        var ends = new int[line.Count];
        for (var k = 0; k < line.Count; k++)
        {
            folded.Append(TextFold.Fold(words[line[k]].Text));
            ends[k] = folded.Length;
        }
        var text = folded.ToString();
        foreach (var token in identifiers.LineTokens)
        {
            for (var at = text.IndexOf(token, StringComparison.Ordinal); at >= 0; at = text.IndexOf(token, at + 1, StringComparison.Ordinal))
            {
                for (var k = 0; k < line.Count; k++)
                {
                    var start = k == 0 ? 0 : ends[k - 1];
                    if (start < at + token.Length && ends[k] > at && kinds[line[k]] == WordKind.None)
                    {
                        kinds[line[k]] = WordKind.Identifier;
                    }
                }
            }
        }
    }

    /// <summary>Words on one text line: their boxes overlap vertically by half the smaller height; left to right.</summary>
    internal static List<List<int>> Lines(IReadOnlyList<OcrWord> words)
    {
        var lines = new List<List<int>>();
        foreach (var i in Enumerable.Range(0, words.Count).OrderBy(i => words[i].Box.Top))
        {
            var box = words[i].Box;
            var line = lines.FirstOrDefault(l => l.Any(j => VerticalOverlap(words[j].Box, box) * 2 >= Math.Min(words[j].Box.Height, box.Height)));
            if (line is null)
            {
                lines.Add([i]);
            }
            else
            {
                line.Add(i);
            }
        }
        foreach (var line in lines)
        {
            line.Sort((a, b) => words[a].Box.Left.CompareTo(words[b].Box.Left));
        }
        return lines;
    }

    private static int VerticalOverlap(PixelRect a, PixelRect b) => Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);

    private static (string Text, (int Start, int End)[] Spans) LineText(IReadOnlyList<OcrWord> words, List<int> line)
    {
        var sb = new StringBuilder();
        var spans = new (int, int)[line.Count];
        for (var k = 0; k < line.Count; k++)
        {
            if (k > 0)
            {
                sb.Append(' ');
            }
            var start = sb.Length;
            sb.Append(words[line[k]].Text);
            spans[k] = (start, sb.Length);
        }
        return (sb.ToString(), spans);
    }

    private static void MarkMatches(Regex pattern, string text, (int Start, int End)[] spans, List<int> line, WordKind[] kinds, WordKind kind)
    {
        foreach (Match m in pattern.Matches(text))
        {
            for (var k = 0; k < spans.Length; k++)
            {
                if (spans[k].Start < m.Index + m.Length && spans[k].End > m.Index && kinds[line[k]] == WordKind.None)
                {
                    kinds[line[k]] = kind;
                }
            }
        }
    }

    [GeneratedRegex(@"\d{4}")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}|\d{4}[./\-]\d{1,2}[./\-]\d{1,2}|\d{1,2}[\s.\-]*(?:jan|feb|f[eé]v|mar|apr|avr|may|mai|jun|juin|jul|juil|aug|ao[uû]|sep|oct|nov|dec|d[eé]c)[\p{L}]*\.?[\s.\-]*\d{2,4})(?![\p{L}\p{N}])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Date();

    [GeneratedRegex(@"(?<![\p{L}])(?:(?:mr|mrs|miss|dr|prof|mme|mlle|monsieur|madame|mademoiselle|docteur|professeur|herr|frau)\.?|pr\.)\s+\p{L}[\p{L}'’\-]+(?:\s+\p{L}[\p{L}'’\-]+)?|(?<![\p{L}])M\.\s+\p{Lu}[\p{L}'’\-]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Honorific();
}
