using System.Collections.Concurrent;
using System.Text;

namespace Edge.Dicom.Data;

/// <summary>
/// Decodes and encodes text values per Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and PS3.5 6.1: the
/// single-byte sets (ISO_IR 6, 100, 101, 109, 110, 144, 127, 126, 138, 148, 13, 166), UTF-8, GB18030 and GBK, and
/// ISO 2022 code extensions with JIS X 0208, JIS X 0212, KS X 1001 and GB 2312 (see <see cref="Iso2022Codec"/>).
/// Only SH, LO, ST, LT, PN, UC and UT use it; other text VRs hold the default repertoire.
/// <para>
/// Neither direction ever throws. Decoding is lenient: bytes a set does not define become U+FFFD, high bytes where no
/// set is designated read as Latin-1, unknown escape sequences stay in the text. Encoding is strict: a character the
/// declared sets cannot represent is written as '?', and nothing outside the declared repertoire is ever written.
/// </para>
/// </summary>
public sealed class DicomCharacterSet
{
    internal const char ReplacementCharacter = '\uFFFD';
    internal const char EncodeReplacement = '?';

    /// <summary>Term lists come from input, so the cache is bounded; real archives use a handful.</summary>
    private const int MaxCached = 64;

    private const int MaxTermInWarning = 32;

    private static readonly char[] s_trimmed = [' ', '\0', '\t', '\r', '\n'];
    private static readonly ConcurrentDictionary<string, DicomCharacterSet> s_cache = new(StringComparer.Ordinal);

    private readonly ITextCodec _codec;

    private DicomCharacterSet(IReadOnlyList<string> terms, ITextCodec codec, bool isFallback, string? warning)
    {
        Terms = terms;
        _codec = codec;
        IsFallback = isFallback;
        Warning = warning;
    }

    /// <summary>The default repertoire (ISO-IR 6). Bytes above 0x7F are decoded as Latin-1 rather than lost.</summary>
    public static DicomCharacterSet Default { get; } = new([], Iso2022Codec.Default, isFallback: false, warning: null);

    /// <summary>The values of Specific Character Set, trimmed; value 1 may be empty.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>
    /// True when a term was not understood or cannot be honoured: an unknown value 1 is read as the default
    /// repertoire, other values so affected are ignored. <see cref="Warning"/> says which.
    /// </summary>
    public bool IsFallback { get; }

    /// <summary>What was not read as written (unknown, misspelled or misplaced terms), for logs; null if nothing.</summary>
    public string? Warning { get; }

    /// <summary>
    /// The character set for the values of Specific Character Set. Whitespace and NULs around terms are ignored; an
    /// empty value 1 means the default repertoire in G0 with the later values as extensions. Instances are shared.
    /// </summary>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        var trimmed = new string[terms.Count];
        for (var i = 0; i < trimmed.Length; i++)
        {
            trimmed[i] = terms[i]?.Trim(s_trimmed) ?? string.Empty;
        }
        if (Array.TrueForAll(trimmed, t => t.Length == 0))
        {
            return Default;
        }
        var key = string.Join('\\', trimmed);
        if (s_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var created = Create(trimmed);
        if (s_cache.Count < MaxCached)
        {
            s_cache.TryAdd(key, created);
        }
        return created;
    }

    /// <summary>Decodes one element's value (all its values, delimiters included) to text.</summary>
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr)
    {
        if (value.IsEmpty)
        {
            return string.Empty;
        }
        return vr.UsesSpecificCharacterSet() ? _codec.Decode(value, vr) : Encoding.Latin1.GetString(value);
    }

    /// <summary>Encodes text as one element's value, without padding; unrepresentable characters become '?'.</summary>
    public byte[] Encode(string value, DicomVR vr)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }
        if (!vr.UsesSpecificCharacterSet() || Ascii.IsValid(value))
        {
            // Every set DICOM allows starts from ASCII in G0, so ASCII text is the same bytes under all of them.
            return Encoding.ASCII.GetBytes(value);
        }
        return _codec.Encode(value, vr);
    }

    public override string ToString() => Terms.Count == 0 ? "(default repertoire)" : string.Join('\\', Terms);

    private static DicomCharacterSet Create(string[] terms)
    {
        var notes = new List<string>();
        var fallback = false;
        CharacterSetTerm? initial = null;
        if (terms[0].Length > 0)
        {
            initial = Resolve(terms[0], notes);
            if (initial is null)
            {
                notes.Add("value 1 is read as the default repertoire");
                fallback = true;
            }
        }
        var later = terms.Skip(1).Where(t => t.Length > 0).ToList();

        if (initial is { IsPlain: true })
        {
            if (later.Count > 0)
            {
                notes.Add($"{initial.Name} admits no code extensions, so the values after it are ignored");
                fallback = true;
            }
            return new(terms, new PlainCodec(CodePages.Get(initial.CodePage)), fallback, Describe(notes));
        }

        var g0 = GraphicSet.Ascii;
        GraphicSet? g1 = null;
        var extensions = new List<GraphicSet>();
        if (initial is not null)
        {
            if (initial.IsMultiByte)
            {
                notes.Add($"{initial.Name} cannot be value 1; it is read as an extension of the default repertoire");
            }
            else
            {
                g0 = initial.G0!;
                g1 = initial.G1;
            }
            AddSets(initial);
        }
        foreach (var spelled in later)
        {
            var term = Resolve(spelled, notes);
            if (term is { IsPlain: false })
            {
                AddSets(term);
                continue;
            }
            if (term is not null)
            {
                notes.Add($"{term.Name} cannot extend another character set and is ignored");
            }
            fallback = true;
        }
        return new(terms, new Iso2022Codec(g0, g1, extensions), fallback, Describe(notes));

        void AddSets(CharacterSetTerm term)
        {
            if (term.G1 is not null)
            {
                extensions.Add(term.G1);
            }
            if (term.G0 is not null)
            {
                extensions.Add(term.G0);
            }
        }
    }

    private static CharacterSetTerm? Resolve(string spelled, List<string> notes)
    {
        var shown = spelled.Length > MaxTermInWarning ? spelled[..MaxTermInWarning] + "…" : spelled;
        if (!CharacterSetTerm.TryResolve(spelled, out var term, out var exact))
        {
            notes.Add($"unknown term '{shown}'");
            return null;
        }
        if (!exact)
        {
            notes.Add($"'{shown}' is read as '{term.Name}'");
        }
        return term;
    }

    private static string? Describe(List<string> notes) =>
        notes.Count == 0 ? null : "Specific Character Set: " + string.Join("; ", notes);
}
