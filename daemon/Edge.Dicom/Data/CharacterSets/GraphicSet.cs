using System.Collections.Frozen;
using System.Text;

namespace Edge.Dicom.Data;

/// <summary>
/// A coded graphic character set that ISO 2022 designates into G0 or G1 (PS3.3 Tables C.12-2 to C.12-4): a 94- or
/// 96-character single-byte set, or a 94×94 double-byte set. Codes are 7-bit (the byte without its high bit), so one
/// table serves whichever register the set sits in. Tables are built on first use.
/// </summary>
internal sealed class GraphicSet
{
    /// <summary>Marks an undefined position in a table.</summary>
    private const char Undefined = '\0';

    private const int DoubleByteSide = 94;

    private readonly byte[] _designation;
    private readonly Lazy<(char[] Chars, FrozenDictionary<char, ushort> Codes)> _tables;

    private GraphicSet(string name, bool isDoubleByte, int register, byte[] designation, Func<char[]> build)
    {
        Name = name;
        IsDoubleByte = isDoubleByte;
        Register = register;
        _designation = designation;
        _tables = new(() => BuildTables(build()));
    }

    /// <summary>The registration, for diagnostics (e.g. "ISO-IR 87").</summary>
    public string Name { get; }

    public bool IsDoubleByte { get; }

    /// <summary>The register DICOM designates this set into: 0 for G0, 1 for G1.</summary>
    public int Register { get; }

    /// <summary>The escape sequence DICOM uses to designate this set into <see cref="Register"/>.</summary>
    public ReadOnlySpan<byte> Designation => _designation;

    /// <summary>ASCII and JIS X 0201 Roman: their codes read as ASCII, and 05/12 is the value delimiter.</summary>
    public bool IsAsciiCompatible => ReferenceEquals(this, Ascii) || ReferenceEquals(this, JisRoman);

    public static GraphicSet Ascii { get; } = SingleByte("ISO-IR 6", 0, "(B", AsciiTable);

    /// <summary>
    /// JIS X 0201 Roman (ISO-IR 14). Read as ASCII: its 05/12 (YEN SIGN) and 07/14 (OVERLINE) positions are the DICOM
    /// value delimiter and tilde everywhere in practice (pydicom and dcm4che read them so).
    /// </summary>
    public static GraphicSet JisRoman { get; } = SingleByte("ISO-IR 14", 0, "(J", AsciiTable);

    /// <summary>JIS X 0201 Katakana (ISO-IR 13): 02/01 to 05/15 are the half-width katakana U+FF61 to U+FF9F.</summary>
    public static GraphicSet JisKatakana { get; } = SingleByte("ISO-IR 13", 1, ")I", KatakanaTable);

    public static GraphicSet Latin1 { get; } = SingleByte("ISO-IR 100", 1, "-A", () => UpperHalf(Encoding.Latin1));
    public static GraphicSet Latin2 { get; } = SingleByte("ISO-IR 101", 1, "-B", () => UpperHalf(CodePages.Get(28592)));
    public static GraphicSet Latin3 { get; } = SingleByte("ISO-IR 109", 1, "-C", () => UpperHalf(CodePages.Get(28593)));
    public static GraphicSet Latin4 { get; } = SingleByte("ISO-IR 110", 1, "-D", () => UpperHalf(CodePages.Get(28594)));
    public static GraphicSet Cyrillic { get; } = SingleByte("ISO-IR 144", 1, "-L", () => UpperHalf(CodePages.Get(28595)));
    public static GraphicSet Arabic { get; } = SingleByte("ISO-IR 127", 1, "-G", () => UpperHalf(CodePages.Get(28596)));

    /// <summary>
    /// ISO 8859-7 as its 2003 edition and glibc (so DCMTK) and Python read it: Windows keeps the 1987 modifier
    /// letters for the quotation marks at A1 and A2 and lacks the euro, drachma and ypogegrammeni added since.
    /// </summary>
    public static GraphicSet Greek { get; } = SingleByte("ISO-IR 126", 1, "-F",
        () => UpperHalf(CodePages.Get(28597),
            (0xA1, '\u2018'), (0xA2, '\u2019'), (0xA4, '\u20AC'), (0xA5, '\u20AF'), (0xAA, '\u037A')));

    /// <summary>ISO 8859-8 as its 1999 edition and glibc read it: macron at AF, the direction marks at FD and FE.</summary>
    public static GraphicSet Hebrew { get; } = SingleByte("ISO-IR 138", 1, "-H",
        () => UpperHalf(CodePages.Get(28598), (0xAF, '\u00AF'), (0xFD, '\u200E'), (0xFE, '\u200F')));

    public static GraphicSet Latin5 { get; } = SingleByte("ISO-IR 148", 1, "-M", () => UpperHalf(CodePages.Get(28599)));

    /// <summary>TIS 620-2533 (ISO-IR 166): the upper half of Windows-874, less the no-break space Windows adds at A0.</summary>
    public static GraphicSet Thai { get; } =
        SingleByte("ISO-IR 166", 1, "-T", () => UpperHalf(CodePages.Get(874), (0xA0, Undefined)));

    public static GraphicSet JisX0208 { get; } = DoubleByte("ISO-IR 87", 0, "$B", MultiByteTables.JisX0208);
    public static GraphicSet JisX0212 { get; } = DoubleByte("ISO-IR 159", 0, "$(D", MultiByteTables.JisX0212);
    public static GraphicSet KsX1001 { get; } = DoubleByte("ISO-IR 149", 1, "$)C", MultiByteTables.KsX1001);
    public static GraphicSet Gb2312 { get; } = DoubleByte("ISO-IR 58", 1, "$)A", MultiByteTables.Gb2312);

    /// <summary>
    /// The character at a 7-bit code (one byte, or lead &lt;&lt; 8 | trail), or U+FFFD where the set defines none.
    /// </summary>
    public char Decode(int code)
    {
        var chars = _tables.Value.Chars;
        int index;
        if (IsDoubleByte)
        {
            var lead = (code >> 8) - 0x21;
            var trail = (code & 0xFF) - 0x21;
            if ((uint)lead >= DoubleByteSide || (uint)trail >= DoubleByteSide)
            {
                return DicomCharacterSet.ReplacementCharacter;
            }
            index = lead * DoubleByteSide + trail;
        }
        else
        {
            index = code & 0x7F;
        }
        var c = chars[index];
        return c == Undefined ? DicomCharacterSet.ReplacementCharacter : c;
    }

    /// <summary>The 7-bit code of a character in this set (lead &lt;&lt; 8 | trail for double-byte sets).</summary>
    public bool TryEncode(char c, out ushort code) => _tables.Value.Codes.TryGetValue(c, out code);

    public override string ToString() => Name;

    private static GraphicSet SingleByte(string name, int register, string escape, Func<char[]> build) =>
        new(name, isDoubleByte: false, register, Escape(escape), build);

    private static GraphicSet DoubleByte(string name, int register, string escape, (ushort Start, string Chars)[] runs) =>
        new(name, isDoubleByte: true, register, Escape(escape), () => Expand(runs));

    private static byte[] Escape(string afterEsc) => [0x1B, .. Encoding.ASCII.GetBytes(afterEsc)];

    /// <summary>Single-byte tables are indexed by the 7-bit code; only 02/00 to 07/15 are ever looked up.</summary>
    private static char[] AsciiTable()
    {
        var table = new char[128];
        for (var b = 0x21; b < 0x7F; b++)
        {
            table[b] = (char)b;
        }
        return table;
    }

    private static char[] KatakanaTable()
    {
        var table = new char[128];
        for (var b = 0x21; b <= 0x5F; b++)
        {
            table[b] = (char)(0xFF61 + b - 0x21);
        }
        return table;
    }

    /// <summary>
    /// The 96 characters at A0-FF of an ISO 8859-style code page, with corrections where Windows departs from the
    /// standard. Windows maps the positions the standard leaves undefined into the private use area; those stay
    /// undefined here.
    /// </summary>
    private static char[] UpperHalf(Encoding encoding, params (int Byte, char Char)[] corrections)
    {
        var table = new char[128];
        Span<byte> one = stackalloc byte[1];
        Span<char> decoded = stackalloc char[2];
        for (var b = 0xA0; b <= 0xFF; b++)
        {
            one[0] = (byte)b;
            var n = encoding.GetChars(one, decoded);
            var c = decoded[0];
            var defined = n == 1 && c != DicomCharacterSet.ReplacementCharacter && c is < '\uE000' or > '\uF8FF';
            table[b & 0x7F] = defined ? c : Undefined;
        }
        foreach (var (b, c) in corrections)
        {
            table[b & 0x7F] = c;
        }
        return table;
    }

    private static char[] Expand((ushort Start, string Chars)[] runs)
    {
        var table = new char[DoubleByteSide * DoubleByteSide];
        foreach (var (start, chars) in runs)
        {
            var index = ((start >> 8) - 0x21) * DoubleByteSide + (start & 0xFF) - 0x21;
            chars.CopyTo(table.AsSpan(index));
        }
        return table;
    }

    private (char[] Chars, FrozenDictionary<char, ushort> Codes) BuildTables(char[] chars)
    {
        var codes = new Dictionary<char, ushort>();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == Undefined)
            {
                continue;
            }
            var code = IsDoubleByte ? (ushort)(((i / DoubleByteSide + 0x21) << 8) | (i % DoubleByteSide + 0x21)) : (ushort)i;
            codes.TryAdd(chars[i], code);
        }
        return (chars, codes.ToFrozenDictionary());
    }
}
