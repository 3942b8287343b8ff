namespace Edge.Pixels.Codecs.Jpeg;

/// <summary>
/// A JPEG Huffman table (ITU T.81 C): code counts per length 1-16 and the symbols in code order. Decoding uses a
/// 9-bit lookahead table with a canonical-code fallback for longer codes.
/// </summary>
internal sealed class HuffmanTable
{
    public const int LookaheadBits = 9;

    private readonly byte[] _symbols;
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valueOffset = new int[17];
    private readonly byte[] _lookaheadLength = new byte[1 << LookaheadBits];
    private readonly byte[] _lookaheadValue = new byte[1 << LookaheadBits];

    public HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        if (counts.Length != 16)
        {
            throw new ArgumentException("A Huffman table has 16 code counts", nameof(counts));
        }
        _symbols = symbols.ToArray();
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            var n = counts[length - 1];
            if (code + n > 1 << length || k + n > _symbols.Length)
            {
                throw new PixelCodecException("JPEG", "a Huffman table has more codes than its lengths allow");
            }
            _valueOffset[length] = k - code;
            _maxCode[length] = n > 0 ? code + n - 1 : -1;
            for (var i = 0; i < n; i++, k++, code++)
            {
                if (length <= LookaheadBits)
                {
                    // Every lookahead pattern that starts with this code resolves to it.
                    var first = code << (LookaheadBits - length);
                    var span = 1 << (LookaheadBits - length);
                    _lookaheadLength.AsSpan(first, span).Fill((byte)length);
                    _lookaheadValue.AsSpan(first, span).Fill(_symbols[k]);
                }
            }
            code <<= 1;
        }
        _maxCode[17] = int.MaxValue;
    }

    /// <summary>Decodes one symbol; <paramref name="reader"/> supplies the bits.</summary>
    public int Decode(ref JpegBitReader reader)
    {
        var peek = reader.Peek(LookaheadBits);
        var length = _lookaheadLength[peek];
        if (length > 0)
        {
            reader.Skip(length);
            return _lookaheadValue[peek];
        }
        var code = reader.Peek(LookaheadBits);
        reader.Skip(LookaheadBits);
        var l = LookaheadBits;
        while (code > _maxCode[l])
        {
            code = (code << 1) | reader.ReadBit();
            l++;
            if (l > 16)
            {
                throw new PixelCodecException("JPEG", "an entropy-coded value matches no Huffman code");
            }
        }
        var index = _valueOffset[l] + code;
        return (uint)index < (uint)_symbols.Length ? _symbols[index] : throw new PixelCodecException("JPEG", "an entropy-coded value matches no Huffman code");
    }
}

/// <summary>
/// Reads entropy-coded bits: stuffed zero bytes after 0xFF are dropped; at a marker the reader stops consuming and
/// supplies zero bits, so a truncated scan ends in a check rather than a read past the data.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private ulong _bits;
    private int _count;

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        Position = position;
    }

    /// <summary>Next unread byte of the data (a marker when <see cref="AtMarker"/>).</summary>
    public int Position { get; private set; }

    public bool AtMarker { get; private set; }

    /// <summary>Zero bits supplied past the end of the entropy-coded data.</summary>
    public int Overrun { get; private set; }

    public int Peek(int n)
    {
        if (_count < n)
        {
            Fill();
        }
        return (int)(_bits >> (64 - n));
    }

    public void Skip(int n)
    {
        _bits <<= n;
        _count -= n;
    }

    public int ReadBit()
    {
        var b = Peek(1);
        Skip(1);
        return b;
    }

    public int Read(int n)
    {
        if (n == 0)
        {
            return 0;
        }
        var v = Peek(n);
        Skip(n);
        return v;
    }

    /// <summary>Drops buffered bits (and any zero fill read ahead at the marker) and consumes the RSTn that must follow.</summary>
    public void Restart()
    {
        _bits = 0;
        _count = 0;
        AtMarker = false;
        Overrun = 0;
        while (Position + 1 < _data.Length && _data[Position] == 0xFF && _data[Position + 1] == 0xFF)
        {
            Position++;
        }
        if (Position + 1 >= _data.Length || _data[Position] != 0xFF || _data[Position + 1] is < 0xD0 or > 0xD7)
        {
            throw new PixelCodecException("JPEG", $"a restart marker was expected at byte {Position}");
        }
        Position += 2;
    }

    private void Fill()
    {
        while (_count <= 56)
        {
            int b;
            if (AtMarker || Position >= _data.Length)
            {
                b = 0;
                Overrun++;
            }
            else if (_data[Position] == 0xFF)
            {
                var next = Position + 1 < _data.Length ? _data[Position + 1] : 0xD9;
                if (next == 0x00)
                {
                    b = 0xFF;
                    Position += 2;
                }
                else
                {
                    AtMarker = true;
                    b = 0;
                    Overrun++;
                }
            }
            else
            {
                b = _data[Position++];
            }
            _bits |= (ulong)b << (56 - _count);
            _count += 8;
        }
    }
}
