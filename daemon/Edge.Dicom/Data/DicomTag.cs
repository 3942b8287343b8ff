using System.Globalization;

namespace Edge.Dicom.Data;

/// <summary>A data element tag: (group,element). Ordered as DICOM orders elements in a dataset.</summary>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    public DicomTag(uint value) : this((ushort)(value >> 16), (ushort)value) { }

    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>Odd groups above 0x0007 are private (groups 1, 3, 5, 7 are illegal and treated likewise).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>(gggg,0010)-(gggg,00FF) in a private group reserve a block for a creator.</summary>
    public bool IsPrivateCreator => IsPrivate && Element >= 0x0010 && Element <= 0x00FF;

    /// <summary>A private data element that belongs to a block (gggg,xx10)-(gggg,xxFF), xx ≥ 0x10.</summary>
    public bool IsPrivateData => IsPrivate && Element >= 0x1000;

    /// <summary>The creator element (gggg,00xx) that reserves the block of a private data element.</summary>
    public DicomTag PrivateCreatorTag => new(Group, (ushort)(Element >> 8));

    /// <summary>The element offset inside its private block (the low byte).</summary>
    public byte PrivateOffset => (byte)(Element & 0xFF);

    public bool IsGroupLength => Element == 0x0000;

    public bool IsFileMeta => Group == 0x0002;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public static bool operator <(DicomTag a, DicomTag b) => a.Value < b.Value;
    public static bool operator >(DicomTag a, DicomTag b) => a.Value > b.Value;
    public static bool operator <=(DicomTag a, DicomTag b) => a.Value <= b.Value;
    public static bool operator >=(DicomTag a, DicomTag b) => a.Value >= b.Value;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})");

    /// <summary>Parses "(0010,0010)", "0010,0010" or "00100010".</summary>
    public static DicomTag Parse(string text)
    {
        if (TryParse(text, out var tag))
        {
            return tag;
        }
        throw new FormatException($"'{text}' is not a DICOM tag: expected (gggg,eeee) or ggggeeee in hexadecimal");
    }

    public static bool TryParse(string? text, out DicomTag tag)
    {
        tag = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.Trim().TrimStart('(').TrimEnd(')').Replace(",", "", StringComparison.Ordinal);
        if (s.Length != 8 || !uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            return false;
        }
        tag = new DicomTag(v);
        return true;
    }

    // Structural tags used by the encoding itself.
    public static readonly DicomTag Item = new(0xFFFE, 0xE000);
    public static readonly DicomTag ItemDelimitationItem = new(0xFFFE, 0xE00D);
    public static readonly DicomTag SequenceDelimitationItem = new(0xFFFE, 0xE0DD);
}
