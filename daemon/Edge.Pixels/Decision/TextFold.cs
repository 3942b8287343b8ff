using System.Text;

namespace Edge.Pixels.Decision;

/// <summary>
/// Brings OCR output and header values to one comparable form: upper case, Latin accents dropped, letters and digits
/// only, and the letters OCR confuses with digits (O 0, I L 1, S 5, B 8, Z 2) made the same, so "PID0635O95" read from
/// the pixels still equals the header's "PID0635095".
/// </summary>
internal static class TextFold
{
    private const string Accented = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŸ";
    private const string Unaccented = "AAAAAACEEEEIIIINOOOOOOUUUUYY";

    public static string Fold(string text) => Normalise(text, confusions: true);

    /// <summary>Upper case, accents dropped, letters and digits only; letters and digits kept apart.</summary>
    public static string Plain(string text) => Normalise(text, confusions: false);

    private static string Normalise(string text, bool confusions)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var raw in text)
        {
            var c = char.ToUpperInvariant(raw);
            var accent = Accented.IndexOf(c, StringComparison.Ordinal);
            if (accent >= 0)
            {
                c = Unaccented[accent];
            }
            else if (c is 'ß')
            {
                sb.Append(confusions ? "55" : "SS");
                continue;
            }
            else if (c is 'Æ')
            {
                sb.Append("AE");
                continue;
            }
            if (!char.IsAsciiLetterOrDigit(c))
            {
                continue;
            }
            sb.Append(!confusions ? c : c switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                'S' => '5',
                'B' => '8',
                'Z' => '2',
                _ => c,
            });
        }
        return sb.ToString();
    }

    /// <summary>How many letters and digits <paramref name="text"/> holds.</summary>
    public static int AlphanumericCount(string text) => text.Count(char.IsLetterOrDigit);

    /// <summary>True when <paramref name="pattern"/> occurs in <paramref name="text"/> with at most <paramref name="edits"/> edits (Sellers).</summary>
    public static bool ApproximatelyContains(string text, string pattern, int edits)
    {
        if (pattern.Length == 0)
        {
            return true;
        }
        if (text.Length < pattern.Length - edits)
        {
            return false;
        }
        // Column j holds the best distance of the pattern's prefix ending at text position j; any start is free.
        var previous = new int[pattern.Length + 1];
        var current = new int[pattern.Length + 1];
        for (var i = 0; i <= pattern.Length; i++)
        {
            previous[i] = i;
        }
        if (previous[pattern.Length] <= edits)
        {
            return true;
        }
        foreach (var t in text)
        {
            current[0] = 0;
            for (var i = 1; i <= pattern.Length; i++)
            {
                var substitute = previous[i - 1] + (pattern[i - 1] == t ? 0 : 1);
                current[i] = Math.Min(substitute, Math.Min(previous[i] + 1, current[i - 1] + 1));
            }
            if (current[pattern.Length] <= edits)
            {
                return true;
            }
            (previous, current) = (current, previous);
        }
        return false;
    }
}
