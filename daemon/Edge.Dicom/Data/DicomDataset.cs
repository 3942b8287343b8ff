using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;

namespace Edge.Dicom.Data;

/// <summary>
/// A dataset (or a sequence item): elements in encoding order. Elements added through the API are placed in tag
/// order; elements read from a stream keep the order they were read in, so an out-of-order file round-trips.
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private readonly List<DicomElement> _elements = [];
    private bool _sorted = true;
    private DicomCharacterSet? _characterSet;

    /// <summary>The dataset holding the sequence this item belongs to; null at top level.</summary>
    public DicomDataset? Parent { get; internal set; }

    /// <summary>As an item: encoded with undefined length and an item delimiter (how it was read, or the default).</summary>
    public bool UndefinedLength { get; set; } = true;

    public int Count => _elements.Count;

    /// <summary>True once anything was set or removed through the API after reading.</summary>
    public bool IsModified { get; private set; }

    /// <summary>The encoding this dataset was read in (explicit VR, big endian); null when built in memory.</summary>
    internal (bool Explicit, bool BigEndian)? ReadEncoding { get; set; }

    /// <summary>
    /// Nothing here or in any item below changed since reading: stored group lengths are still what the source said
    /// (even when the source got them wrong), so an unchanged file round-trips byte for byte.
    /// </summary>
    internal bool IsUnchangedSinceRead()
    {
        if (IsModified || ReadEncoding is null)
        {
            return false;
        }
        foreach (var e in _elements)
        {
            if (e is DicomSequence s && (s.Items.Count != s.ItemCountAsRead || s.Items.Any(i => !i.IsUnchangedSinceRead())))
            {
                return false;
            }
        }
        return true;
    }

    public IReadOnlyList<DicomElement> Elements => _elements;

    public IEnumerator<DicomElement> GetEnumerator() => _elements.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds an element read from a stream, after those already read, keeping the source order.</summary>
    internal void AppendRead(DicomElement element)
    {
        if (_elements.Count > 0 && _elements[^1].Tag >= element.Tag)
        {
            _sorted = false;
        }
        Attach(element);
        _elements.Add(element);
    }

    private void Attach(DicomElement element)
    {
        if (element is DicomSequence seq)
        {
            seq.Owner = this;
            foreach (var item in seq.Items)
            {
                item.Parent = this;
            }
        }
        if (element.Tag == DicomTags.SpecificCharacterSet)
        {
            _characterSet = null;
        }
    }

    private int IndexOf(DicomTag tag)
    {
        if (!_sorted)
        {
            for (var i = 0; i < _elements.Count; i++)
            {
                if (_elements[i].Tag == tag)
                {
                    return i;
                }
            }
            return ~_elements.Count;
        }
        int lo = 0, hi = _elements.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var c = _elements[mid].Tag.Value.CompareTo(tag.Value);
            if (c == 0)
            {
                return mid;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return ~lo;
    }

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    public DicomElement? Get(DicomTag tag)
    {
        var i = IndexOf(tag);
        return i >= 0 ? _elements[i] : null;
    }

    public bool TryGet<T>(DicomTag tag, out T element) where T : DicomElement
    {
        if (Get(tag) is T e)
        {
            element = e;
            return true;
        }
        element = null!;
        return false;
    }

    public DicomSequence? GetSequence(DicomTag tag) => Get(tag) as DicomSequence;

    /// <summary>Adds or replaces the element with the same tag, keeping tag order.</summary>
    public void Set(DicomElement element)
    {
        IsModified = true;
        var i = IndexOf(element.Tag);
        Attach(element);
        if (i >= 0)
        {
            _elements[i] = element;
            return;
        }
        if (!_sorted)
        {
            _elements.Add(element);
            _elements.Sort(static (a, b) => a.Tag.CompareTo(b.Tag));
            _sorted = true;
            return;
        }
        _elements.Insert(~i, element);
    }

    public bool Remove(DicomTag tag)
    {
        var i = IndexOf(tag);
        if (i < 0)
        {
            return false;
        }
        _elements.RemoveAt(i);
        IsModified = true;
        if (tag == DicomTags.SpecificCharacterSet)
        {
            _characterSet = null;
        }
        return true;
    }

    public int RemoveAll(Predicate<DicomElement> match)
    {
        var removed = _elements.RemoveAll(match);
        if (removed > 0)
        {
            IsModified = true;
            _characterSet = null;
        }
        return removed;
    }

    /// <summary>The Specific Character Set in force here: this dataset's own, else the enclosing one's (PS3.5 7.5.3).</summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (_characterSet is not null)
            {
                return _characterSet;
            }
            if (Get(DicomTags.SpecificCharacterSet) is DicomValueElement scs)
            {
                var raw = Encoding.ASCII.GetString(scs.GetBytes().Span);
                _characterSet = DicomCharacterSet.FromTerms(raw.Split('\\').Select(t => t.Trim(' ', '\0')).ToArray());
                return _characterSet;
            }
            return Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    // ---- Reading values -------------------------------------------------------------------------------------

    /// <summary>The whole decoded value of a string element, trailing padding removed; null when absent or not text.</summary>
    public string? GetString(DicomTag tag)
    {
        if (Get(tag) is not DicomValueElement e || e.Data.IsBulk)
        {
            return null;
        }
        return DecodeText(e);
    }

    /// <summary>Decodes a value element as text with the character set in force here.</summary>
    public string DecodeText(DicomValueElement e)
    {
        var bytes = e.GetBytes().Span;
        var text = CharacterSet.Decode(bytes, e.VR);
        return TrimValue(text, e.VR);
    }

    /// <summary>The values of a multi-valued string element, each trimmed as PS3.5 6.2 allows.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        var s = GetString(tag);
        if (s is null)
        {
            return [];
        }
        if (Get(tag)!.VR.IsMultiValuedString())
        {
            return s.Split('\\').Select(v => v.Trim(' ', '\0')).ToArray();
        }
        return [s];
    }

    internal static string TrimValue(string text, DicomVR vr) => vr switch
    {
        DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR => text.TrimEnd(' ', '\0'),
        DicomVR.UI => text.TrimEnd('\0', ' '),
        _ => text.Trim(' ', '\0'),
    };

    public ushort? GetUInt16(DicomTag tag, int index = 0) =>
        Binary(tag, index, 2) is { } b ? BinaryPrimitives.ReadUInt16LittleEndian(b) : null;

    public short? GetInt16(DicomTag tag, int index = 0) =>
        Binary(tag, index, 2) is { } b ? BinaryPrimitives.ReadInt16LittleEndian(b) : null;

    public uint? GetUInt32(DicomTag tag, int index = 0) =>
        Binary(tag, index, 4) is { } b ? BinaryPrimitives.ReadUInt32LittleEndian(b) : null;

    public int? GetInt32(DicomTag tag, int index = 0) =>
        Binary(tag, index, 4) is { } b ? BinaryPrimitives.ReadInt32LittleEndian(b) : null;

    public double? GetFloat64(DicomTag tag, int index = 0) =>
        Binary(tag, index, 8) is { } b ? BinaryPrimitives.ReadDoubleLittleEndian(b) : null;

    public float? GetFloat32(DicomTag tag, int index = 0) =>
        Binary(tag, index, 4) is { } b ? BinaryPrimitives.ReadSingleLittleEndian(b) : null;

    /// <summary>An integer from US, SS, UL, SL or IS, whichever the element holds.</summary>
    public long? GetInteger(DicomTag tag, int index = 0)
    {
        if (Get(tag) is not DicomValueElement e)
        {
            return null;
        }
        return e.VR switch
        {
            DicomVR.US => GetUInt16(tag, index),
            DicomVR.SS => GetInt16(tag, index),
            DicomVR.UL => GetUInt32(tag, index),
            DicomVR.SL => GetInt32(tag, index),
            DicomVR.IS or DicomVR.DS => GetStrings(tag) is { } v && index < v.Length
                && decimal.TryParse(v[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : null,
            _ => null,
        };
    }

    private byte[]? Binary(DicomTag tag, int index, int size)
    {
        if (Get(tag) is not DicomValueElement e || e.Data.IsBulk)
        {
            return null;
        }
        var span = e.Data.Memory.Span;
        var start = index * size;
        return start + size <= span.Length ? span.Slice(start, size).ToArray() : null;
    }

    /// <summary>The creator string that reserved the block of a private data element, if present here.</summary>
    public string? GetPrivateCreator(DicomTag dataTag) =>
        dataTag.IsPrivateData && dataTag.Element >> 8 >= 0x10 ? GetString(dataTag.PrivateCreatorTag) : null;

    // ---- Writing values -------------------------------------------------------------------------------------

    /// <summary>Sets a string element, encoded with the character set in force here and padded to even length.</summary>
    public void SetString(DicomTag tag, DicomVR vr, string value) =>
        Set(new DicomValueElement(tag, vr, EncodeText(value, vr)));

    public void SetStrings(DicomTag tag, DicomVR vr, IEnumerable<string> values) => SetString(tag, vr, string.Join('\\', values));

    public byte[] EncodeText(string value, DicomVR vr)
    {
        var bytes = tagIsCharset(vr) ? CharacterSet.Encode(value, vr) : Encoding.ASCII.GetBytes(value);
        if ((bytes.Length & 1) == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = vr.PaddingByte();
        }
        return bytes;

        static bool tagIsCharset(DicomVR v) => v.UsesSpecificCharacterSet();
    }

    public void SetUInt16(DicomTag tag, params ushort[] values)
    {
        var b = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(i * 2), values[i]);
        }
        Set(new DicomValueElement(tag, DicomVR.US, b));
    }

    public void SetUInt32(DicomTag tag, params uint[] values)
    {
        var b = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i * 4), values[i]);
        }
        Set(new DicomValueElement(tag, DicomVR.UL, b));
    }

    public void SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value) => Set(new DicomValueElement(tag, vr, value));

    /// <summary>Sets an element to zero length, keeping its VR (or the dictionary's when absent).</summary>
    public void SetEmpty(DicomTag tag, DicomVR? vr = null)
    {
        var v = vr ?? Get(tag)?.VR ?? DicomDictionary.ImplicitVR(tag);
        Set(v == DicomVR.SQ ? new DicomSequence(tag) : new DicomValueElement(tag, v, ReadOnlyMemory<byte>.Empty));
    }

    /// <summary>A deep copy of the structure; bulk references are shared, not copied.</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset { UndefinedLength = UndefinedLength, _sorted = _sorted };
        foreach (var e in _elements)
        {
            copy._elements.Add(CloneElement(e, copy));
        }
        return copy;
    }

    private static DicomElement CloneElement(DicomElement e, DicomDataset owner)
    {
        switch (e)
        {
            case DicomSequence s:
                var seq = new DicomSequence(s.Tag, s.VR) { UndefinedLength = s.UndefinedLength, Owner = owner };
                foreach (var item in s.Items)
                {
                    var c = item.Clone();
                    c.Parent = owner;
                    seq.Items.Add(c);
                }
                return seq;
            case DicomFragmentSequence f:
                var frag = new DicomFragmentSequence(f.Tag, f.VR) { OffsetTable = f.OffsetTable };
                frag.Fragments.AddRange(f.Fragments);
                return frag;
            default:
                return e;
        }
    }
}
