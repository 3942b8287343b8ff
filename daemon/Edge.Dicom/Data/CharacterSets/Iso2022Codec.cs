using System.Buffers;
using System.Text;

namespace Edge.Dicom.Data;

/// <summary>
/// Text in the ISO 2022 family (PS3.5 6.1.2.4 and 6.1.2.5): G0 is invoked in GL (bytes 21-7E) and G1 in GR (A1-FE);
/// escape sequences inside a value designate other sets into either. The state returns to the initial designations
/// (those of value 1 of Specific Character Set) at every control character other than ESC and at the delimiters of
/// PS3.5 6.1.2.5.3: the backslash between values, and in PN also '^' and '='. A value whose Specific Character Set
/// has a single value has no extensions, so the same code decodes it as plain 8-bit text.
/// </summary>
internal sealed class Iso2022Codec : ITextCodec
{
    private const byte Esc = 0x1B;
    private const int StackLimit = 512;

    private readonly GraphicSet _initialG0;
    private readonly GraphicSet? _initialG1;
    private readonly GraphicSet[] _extensions;

    /// <param name="initialG0">The G0 set of value 1 (ASCII, or JIS X 0201 Roman for IR 13).</param>
    /// <param name="initialG1">The G1 set of value 1; null when value 1 is empty or ISO-IR 6.</param>
    /// <param name="extensions">Sets the encoder may designate, in the order of the terms that declare them.</param>
    public Iso2022Codec(GraphicSet initialG0, GraphicSet? initialG1, IReadOnlyList<GraphicSet> extensions)
    {
        _initialG0 = initialG0;
        _initialG1 = initialG1;
        _extensions = [.. extensions.Where(s => !s.IsAsciiCompatible).Distinct()];
    }

    /// <summary>The default repertoire: ASCII in G0 and nothing in G1.</summary>
    public static Iso2022Codec Default { get; } = new(GraphicSet.Ascii, null, []);

    public string Decode(ReadOnlySpan<byte> value, DicomVR vr)
    {
        if (!value.ContainsAnyExceptInRange((byte)0x00, (byte)0x7F) && !value.Contains(Esc))
        {
            return Encoding.ASCII.GetString(value);
        }
        // Every byte yields at most one character, so the output is never longer than the input.
        char[]? rented = null;
        Span<char> output = value.Length <= StackLimit
            ? stackalloc char[value.Length]
            : (rented = ArrayPool<char>.Shared.Rent(value.Length));
        var n = DecodeInto(value, vr, output);
        var text = new string(output[..n]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
        return text;
    }

    private int DecodeInto(ReadOnlySpan<byte> value, DicomVR vr, Span<char> output)
    {
        var g0 = _initialG0;
        var g1 = _initialG1;
        var n = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b == Esc)
            {
                if (TryParseDesignation(value[i..], out var set, out var register, out var length))
                {
                    if (register == 0)
                    {
                        g0 = set;
                    }
                    else
                    {
                        g1 = set;
                    }
                    i += length - 1;
                }
                else
                {
                    // Not a designation we know: keep the bytes as characters rather than lose them.
                    output[n++] = (char)b;
                }
                continue;
            }
            if (b < 0x20)
            {
                output[n++] = (char)b;
                g0 = _initialG0;
                g1 = _initialG1;
                continue;
            }
            if (b < 0x80)
            {
                if (g0.IsDoubleByte)
                {
                    // Inside a double-byte G0 set, 5C, 5E and 3D are halves of characters, not delimiters.
                    if (IsGraphic7(b) && i + 1 < value.Length && IsGraphic7(value[i + 1]))
                    {
                        output[n++] = g0.Decode((b << 8) | value[i + 1]);
                        i++;
                    }
                    else
                    {
                        output[n++] = b is 0x20 or 0x7F ? (char)b : DicomCharacterSet.ReplacementCharacter;
                    }
                    continue;
                }
                if (g0.IsAsciiCompatible || b is 0x20 or 0x7F)
                {
                    output[n++] = (char)b;
                    if (IsDelimiter(b, vr))
                    {
                        g0 = _initialG0;
                        g1 = _initialG1;
                    }
                    continue;
                }
                output[n++] = g0.Decode(b);
                continue;
            }
            if (b < 0xA0 || g1 is null)
            {
                // C1 controls, or GR with nothing designated into G1: read as Latin-1 rather than lose the byte.
                output[n++] = (char)b;
                continue;
            }
            if (!g1.IsDoubleByte)
            {
                output[n++] = g1.Decode(b & 0x7F);
                continue;
            }
            if (IsGraphic8(b) && i + 1 < value.Length && IsGraphic8(value[i + 1]))
            {
                output[n++] = g1.Decode(((b & 0x7F) << 8) | (value[i + 1] & 0x7F));
                i++;
            }
            else
            {
                output[n++] = DicomCharacterSet.ReplacementCharacter;
            }
        }
        return n;
    }

    public byte[] Encode(string value, DicomVR vr)
    {
        var output = new ArrayBufferWriter<byte>(value.Length * 2 + 8);
        var g0 = _initialG0;
        var g1 = _initialG1;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x80)
            {
                var b = (byte)c;
                if ((b < 0x20 && b != Esc) || IsDelimiter(b, vr))
                {
                    RestoreInitial(output, ref g0, ref g1);
                }
                else
                {
                    ReturnToInitialG0(output, ref g0);
                }
                Write(output, b);
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                // No ISO 2022 set of DICOM holds characters beyond the BMP: one replacement for the pair.
                i++;
            }
            else if (TryEncodeExtended(c, output, ref g0, ref g1))
            {
                continue;
            }
            ReturnToInitialG0(output, ref g0);
            Write(output, (byte)DicomCharacterSet.EncodeReplacement);
        }
        RestoreInitial(output, ref g0, ref g1);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes a character beyond ASCII from the sets in use if they hold it (no escape needed), else from the first
    /// declared set that does, designating it first.
    /// </summary>
    private bool TryEncodeExtended(char c, ArrayBufferWriter<byte> output, ref GraphicSet g0, ref GraphicSet? g1)
    {
        ushort code;
        if (g1 is not null && g1.TryEncode(c, out code))
        {
            WriteCode(output, g1, code, register: 1);
            return true;
        }
        if (!g0.IsAsciiCompatible && g0.TryEncode(c, out code))
        {
            WriteCode(output, g0, code, register: 0);
            return true;
        }
        foreach (var set in _extensions)
        {
            if (!set.TryEncode(c, out code))
            {
                continue;
            }
            Write(output, set.Designation);
            if (set.Register == 0)
            {
                g0 = set;
            }
            else
            {
                g1 = set;
            }
            WriteCode(output, set, code, set.Register);
            return true;
        }
        return false;
    }

    /// <summary>ASCII (and the '?' replacement) is written from value 1's G0, never from a double-byte set.</summary>
    private void ReturnToInitialG0(ArrayBufferWriter<byte> output, ref GraphicSet g0)
    {
        if (g0 != _initialG0)
        {
            Write(output, _initialG0.Designation);
            g0 = _initialG0;
        }
    }

    /// <summary>Value 1's sets must be in force before a delimiter or control character and at the end of a value.</summary>
    private void RestoreInitial(ArrayBufferWriter<byte> output, ref GraphicSet g0, ref GraphicSet? g1)
    {
        if (g0 != _initialG0)
        {
            Write(output, _initialG0.Designation);
        }
        if (g1 != _initialG1 && _initialG1 is not null)
        {
            Write(output, _initialG1.Designation);
        }
        g0 = _initialG0;
        g1 = _initialG1;
    }

    private static void WriteCode(ArrayBufferWriter<byte> output, GraphicSet set, ushort code, int register)
    {
        var high = register == 1 ? 0x80 : 0;
        if (set.IsDoubleByte)
        {
            Write(output, (byte)((code >> 8) | high));
        }
        Write(output, (byte)((code & 0xFF) | high));
    }

    private static void Write(ArrayBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private static void Write(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private static bool IsGraphic7(byte b) => b is >= 0x21 and <= 0x7E;

    private static bool IsGraphic8(byte b) => b is >= 0xA1 and <= 0xFE;

    /// <summary>The delimiters of PS3.5 6.1.2.5.3 for a VR: '\' between values, '^' and '=' inside a PN value.</summary>
    private static bool IsDelimiter(byte b, DicomVR vr) => b switch
    {
        (byte)'\\' => vr.IsMultiValuedString(),
        (byte)'^' or (byte)'=' => vr == DicomVR.PN,
        _ => false,
    };

    /// <summary>
    /// Reads an escape sequence that designates a set we know (ISO 2022 6.3; PS3.3 Tables C.12-3 and C.12-4 list the
    /// ones DICOM uses; the older and G0/G1 variants of the same sets are accepted too, as writers vary).
    /// </summary>
    private static bool TryParseDesignation(ReadOnlySpan<byte> s, out GraphicSet set, out int register, out int length)
    {
        set = GraphicSet.Ascii;
        register = 0;
        length = 0;
        if (s.Length < 3)
        {
            return false;
        }
        GraphicSet? found;
        switch (s[1])
        {
            case (byte)'(':
            case (byte)')':
                register = s[1] == '(' ? 0 : 1;
                found = s[2] switch
                {
                    (byte)'B' when register == 0 => GraphicSet.Ascii,
                    (byte)'J' when register == 0 => GraphicSet.JisRoman,
                    (byte)'I' => GraphicSet.JisKatakana,
                    _ => null,
                };
                length = 3;
                break;
            case (byte)'-':
                register = 1;
                found = s[2] switch
                {
                    (byte)'A' => GraphicSet.Latin1,
                    (byte)'B' => GraphicSet.Latin2,
                    (byte)'C' => GraphicSet.Latin3,
                    (byte)'D' => GraphicSet.Latin4,
                    (byte)'L' => GraphicSet.Cyrillic,
                    (byte)'G' => GraphicSet.Arabic,
                    (byte)'F' => GraphicSet.Greek,
                    (byte)'H' => GraphicSet.Hebrew,
                    (byte)'M' => GraphicSet.Latin5,
                    (byte)'T' => GraphicSet.Thai,
                    _ => null,
                };
                length = 3;
                break;
            case (byte)'$':
                // ESC $ F is the short form of ESC $ ( F for the three oldest double-byte sets.
                var shortForm = s[2] is (byte)'@' or (byte)'A' or (byte)'B';
                if (!shortForm && (s.Length < 4 || s[2] is not ((byte)'(' or (byte)')')))
                {
                    return false;
                }
                register = !shortForm && s[2] == ')' ? 1 : 0;
                length = shortForm ? 3 : 4;
                found = s[length - 1] switch
                {
                    (byte)'@' or (byte)'B' => GraphicSet.JisX0208,
                    (byte)'A' => GraphicSet.Gb2312,
                    (byte)'C' => GraphicSet.KsX1001,
                    (byte)'D' => GraphicSet.JisX0212,
                    _ => null,
                };
                break;
            default:
                return false;
        }
        if (found is null)
        {
            return false;
        }
        set = found;
        return true;
    }
}
