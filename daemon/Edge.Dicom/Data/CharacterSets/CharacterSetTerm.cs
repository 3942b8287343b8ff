using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Edge.Dicom.Data;

/// <summary>
/// A Defined Term of Specific Character Set (PS3.3 C.12.1.1.2, Tables C.12-2 to C.12-5): either the G0 and G1 sets it
/// designates in the ISO 2022 family, or a whole encoding of its own (UTF-8, GB18030, GBK) that admits no extensions.
/// </summary>
internal sealed class CharacterSetTerm
{
    private static readonly FrozenDictionary<string, CharacterSetTerm> s_byName = BuildRegistry();

    /// <summary>The same terms keyed by their letters and digits only, for writers that misspell the punctuation.</summary>
    private static readonly FrozenDictionary<string, CharacterSetTerm> s_byCompactName = s_byName
        .GroupBy(p => Compact(p.Key))
        .ToFrozenDictionary(g => g.Key, g => g.First().Value);

    private CharacterSetTerm(string name, GraphicSet? g0, GraphicSet? g1, int codePage)
    {
        Name = name;
        G0 = g0;
        G1 = g1;
        CodePage = codePage;
    }

    /// <summary>The term as the standard spells it.</summary>
    public string Name { get; }

    public GraphicSet? G0 { get; }

    public GraphicSet? G1 { get; }

    /// <summary>The code page of ISO_IR 192, GB18030 and GBK; 0 for the ISO 2022 family.</summary>
    public int CodePage { get; }

    /// <summary>ISO_IR 192, GB18030 and GBK: not ISO 2022, so only ever the single value of Specific Character Set.</summary>
    public bool IsPlain => CodePage != 0;

    /// <summary>Double-byte ISO 2022 sets extend value 1; they cannot be the initial set themselves.</summary>
    public bool IsMultiByte => (G0 ?? G1)?.IsDoubleByte == true;

    /// <summary>
    /// Finds a term by its exact spelling, else by its letters and digits alone (so "ISO-IR 100" or "iso_ir100" read as
    /// "ISO_IR 100"); <paramref name="exact"/> tells which.
    /// </summary>
    public static bool TryResolve(string spelled, [NotNullWhen(true)] out CharacterSetTerm? term, out bool exact)
    {
        exact = s_byName.TryGetValue(spelled, out term);
        return exact || s_byCompactName.TryGetValue(Compact(spelled), out term);
    }

    private static string Compact(string term)
    {
        var sb = new StringBuilder(term.Length);
        foreach (var c in term)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToUpperInvariant(c));
            }
        }
        return sb.ToString();
    }

    private static FrozenDictionary<string, CharacterSetTerm> BuildRegistry()
    {
        var terms = new List<CharacterSetTerm>();

        // Single-byte sets: ISO_IR without extensions (Table C.12-2), ISO 2022 IR with (Table C.12-3). Writers mix the
        // two spellings in multi-valued attributes, so both stand for the same G0 and G1.
        void SingleByte(string number, GraphicSet g0, GraphicSet? g1)
        {
            terms.Add(new("ISO_IR " + number, g0, g1, 0));
            terms.Add(new("ISO 2022 IR " + number, g0, g1, 0));
        }
        SingleByte("6", GraphicSet.Ascii, null);
        SingleByte("100", GraphicSet.Ascii, GraphicSet.Latin1);
        SingleByte("101", GraphicSet.Ascii, GraphicSet.Latin2);
        SingleByte("109", GraphicSet.Ascii, GraphicSet.Latin3);
        SingleByte("110", GraphicSet.Ascii, GraphicSet.Latin4);
        SingleByte("144", GraphicSet.Ascii, GraphicSet.Cyrillic);
        SingleByte("127", GraphicSet.Ascii, GraphicSet.Arabic);
        SingleByte("126", GraphicSet.Ascii, GraphicSet.Greek);
        SingleByte("138", GraphicSet.Ascii, GraphicSet.Hebrew);
        SingleByte("148", GraphicSet.Ascii, GraphicSet.Latin5);
        SingleByte("13", GraphicSet.JisRoman, GraphicSet.JisKatakana);
        SingleByte("166", GraphicSet.Ascii, GraphicSet.Thai);

        // Multi-byte sets with code extensions (Table C.12-4).
        terms.Add(new("ISO 2022 IR 87", GraphicSet.JisX0208, null, 0));
        terms.Add(new("ISO 2022 IR 159", GraphicSet.JisX0212, null, 0));
        terms.Add(new("ISO 2022 IR 149", null, GraphicSet.KsX1001, 0));
        terms.Add(new("ISO 2022 IR 58", null, GraphicSet.Gb2312, 0));

        // Multi-byte sets without code extensions (Table C.12-5).
        terms.Add(new("ISO_IR 192", null, null, 65001));
        terms.Add(new("GB18030", null, null, CodePages.Gb18030));
        terms.Add(new("GBK", null, null, CodePages.Gbk));

        return terms.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
    }
}
