namespace Edge.Pixels.Decision;

/// <summary>
/// Whether a word read in the pixels is (part of) one of the instance's identifiers, tolerating OCR: case, accents
/// and letter/digit confusions never matter, a long value (six characters or more once folded) may differ by one
/// edit, and a word of four characters or more that is a piece of a name, ID or date (OCR split it) counts too.
/// Short values (two or three characters; under six for other removed text) match whole words only, letters and digits
/// kept apart. Values of several words are also looked for across the words of a line (<see cref="LineTokens"/>).
/// </summary>
internal sealed class IdentifierMatcher
{
    private const int LongToken = 6;
    private const int MinFragment = 4;

    private readonly List<string> _tokens = [];
    private readonly HashSet<string> _short = new(StringComparer.Ordinal);
    private readonly List<string> _fragmentSources = [];

    public IdentifierMatcher(PixelIdentifiers identifiers)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        foreach (var value in identifiers.Names.Concat(identifiers.Ids).Concat(identifiers.Dates))
        {
            Add(value, fragments: true);
        }
        foreach (var value in identifiers.Other)
        {
            // Descriptions and addresses hold ordinary words: they match whole, never by a piece.
            Add(value, fragments: false);
        }
    }

    /// <summary>Folded values of six characters or more, to find in the folded text of a whole line.</summary>
    public IReadOnlyList<string> LineTokens => _tokens;

    public bool Matches(string word)
    {
        var w = TextFold.Fold(word);
        if (w.Length == 0)
        {
            return false;
        }
        if (_short.Contains(TextFold.Plain(word)))
        {
            return true;
        }
        foreach (var t in _tokens)
        {
            if (t.Length >= LongToken ? TextFold.ApproximatelyContains(w, t, 1) : w.Contains(t, StringComparison.Ordinal))
            {
                return true;
            }
        }
        if (w.Length >= MinFragment)
        {
            foreach (var t in _fragmentSources)
            {
                if (t.Contains(w, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>True when the word is within two edits of a name or ID of five characters or more: a misread identifier.</summary>
    public bool Resembles(string word)
    {
        var w = TextFold.Fold(word);
        return w.Length >= 4 && _fragmentSources.Any(t => t.Length >= 5 && TextFold.ApproximatelyContains(w, t, 2) && Math.Abs(w.Length - t.Length) <= 2);
    }

    private void Add(string value, bool fragments)
    {
        var folded = TextFold.Fold(value);
        if (folded.Length < 2)
        {
            return;
        }
        // Short values, and short words of free text (which ordinary words may contain), must be the whole word.
        if (folded.Length < (fragments ? MinFragment : LongToken))
        {
            _short.Add(TextFold.Plain(value));
            return;
        }
        _tokens.Add(folded);
        if (fragments)
        {
            _fragmentSources.Add(folded);
        }
    }
}
