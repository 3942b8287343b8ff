using System.Buffers.Binary;

namespace Edge.Dicom.Network;

/// <summary>
/// Reads big-endian PDU fields from a span. Every read is bounds-checked: running past the end means a length field
/// lied, which is a malformed PDU.
/// </summary>
internal ref struct PduSpanReader(ReadOnlySpan<byte> data, string what)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool AtEnd => _position >= _data.Length;

    public byte Byte()
    {
        Need(1);
        return _data[_position++];
    }

    public ushort UInt16()
    {
        Need(2);
        var v = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        _position += 2;
        return v;
    }

    public uint UInt32()
    {
        Need(4);
        var v = BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]);
        _position += 4;
        return v;
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        Need(count);
        var s = _data.Slice(_position, count);
        _position += count;
        return s;
    }

    public void Skip(int count) => Bytes(count);

    /// <summary>A 2-byte length and the bytes it announces.</summary>
    public ReadOnlySpan<byte> LengthPrefixed() => Bytes(UInt16());

    private readonly void Need(int count)
    {
        if (count < 0 || _data.Length - _position < count)
        {
            throw new PduException($"{what}: a field needs {count} bytes but only {Remaining} remain", AbortReason.InvalidPduParameterValue);
        }
    }
}
