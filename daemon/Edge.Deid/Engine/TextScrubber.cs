using System.Text;
using System.Text.RegularExpressions;

namespace Edge.Deid.Engine;

/// <summary>
/// Removes a patient's own identifiers from free text that is kept (descriptions, comments, SR text, safe private
/// text): every value the profile removes or replaces in this instance — names and their parts, IDs, addresses,
/// phone numbers, dates in the usual spellings — and any name introduced by an honorific (Mr, Mrs, Dr, Pr, M.,
/// Mme, Monsieur, Madame, Docteur, ...). The medical words around them are kept.
/// </summary>
internal sealed partial class TextScrubber
{
    public const string Mask = "***";

    // Longest first, so that at any position the longest identifier wins ("MARTINEZ" before "MARTIN").
    private readonly string[] _tokens;
    private readonly HashSet<char> _firstChars;

    public TextScrubber(IEnumerable<string> tokens)
    {
        _tokens = tokens
            .Select(t => t.Trim())
            .Where(t => t.Length >= 2 && t.Any(char.IsLetterOrDigit))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(t => t.Length)
            .ToArray();
        _firstChars = _tokens.SelectMany(t => new[] { char.ToLowerInvariant(t[0]), char.ToUpperInvariant(t[0]) }).ToHashSet();
    }

    /// <summary>The text with identifiers masked; the same instance when nothing was found.</summary>
    /// <remarks>
    /// A plain scan rather than a regular expression built per instance: building one costs more than scrubbing every
    /// text value of a typical instance with this. Long identifiers match anywhere (a family name glued to another word
    /// still leaks); short ones (under 4 characters) only as whole words.
    /// </remarks>
    public string Scrub(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }
        var result = _tokens.Length == 0 ? text : MaskTokens(text);
        return Honorific().Replace(result, m => m.Groups["title"].Value + m.Groups["space"].Value + Mask);
    }

    private string MaskTokens(string text)
    {
        StringBuilder? sb = null;
        var copiedUpTo = 0;
        var span = text.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            if (!_firstChars.Contains(span[i]))
            {
                continue;
            }
            var matched = Match(span, i);
            if (matched == 0)
            {
                continue;
            }
            sb ??= new StringBuilder(text.Length);
            sb.Append(span[copiedUpTo..i]).Append(Mask);
            i += matched - 1;
            copiedUpTo = i + 1;
        }
        return sb is null ? text : sb.Append(span[copiedUpTo..]).ToString();
    }

    /// <summary>Length of the longest identifier found at <paramref name="at"/>, or 0.</summary>
    private int Match(ReadOnlySpan<char> text, int at)
    {
        var rest = text[at..];
        foreach (var token in _tokens)
        {
            if (!rest.StartsWith(token, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (token.Length >= 4 || (IsBoundary(text, at - 1) && IsBoundary(text, at + token.Length)))
            {
                return token.Length;
            }
        }
        return 0;
    }

    private static bool IsBoundary(ReadOnlySpan<char> text, int index) => index < 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]);

    /// <summary>The spellings of a DA value a person would type: 19720415, 1972-04-15, 15/04/1972, 15.04.1972, 04/15/1972.</summary>
    public static IEnumerable<string> DateSpellings(string da)
    {
        if (da.Length != 8 || !da.All(char.IsAsciiDigit))
        {
            yield break;
        }
        var (y, m, d) = (da[..4], da[4..6], da[6..8]);
        yield return da;
        yield return $"{y}-{m}-{d}";
        yield return $"{y}/{m}/{d}";
        yield return $"{d}/{m}/{y}";
        yield return $"{d}.{m}.{y}";
        yield return $"{d}-{m}-{y}";
        yield return $"{m}/{d}/{y}";
    }

    /// <summary>Person name values split into the parts that identify (family, given, middle, each script).</summary>
    public static IEnumerable<string> NameParts(string personName)
    {
        yield return personName;
        foreach (var part in personName.Split(['^', '=', ' ', ',', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length >= 2 && !s_nameNoise.Contains(part))
            {
                yield return part;
            }
        }
    }

    public static IEnumerable<string> Words(string text, int minLength) =>
        text.Split([' ', ',', ';', '^', '\\', '/', '-'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(w => w.Length >= minLength && w.Any(char.IsLetter));

    // Name prefixes and suffixes that are not identifying on their own.
    private static readonly HashSet<string> s_nameNoise = new(StringComparer.OrdinalIgnoreCase)
    {
        "MR", "MRS", "MS", "DR", "PR", "JR", "SR", "MD", "PHD", "MME", "MLLE", "DE", "LA", "LE", "DU", "VAN", "VON", "DA", "DI",
    };

    [GeneratedRegex(@"(?<title>(?<![\p{L}])(?i:mr|mrs|ms|miss|dr|pr|prof|mme|mlle|monsieur|madame|mademoiselle|docteur|professeur|herr|frau)\.?|(?<![\p{L}])M\.)(?<space>\s+)(?<name>\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+)?)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Honorific();
}
