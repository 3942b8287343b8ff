using System.Buffers.Binary;
using System.Text;

namespace Edge.Dicom.Network;

/// <summary>
/// Builds one association-control PDU in a growable array: big-endian fields (PS3.8 9.3.1) and item lengths
/// patched once the item is complete.
/// </summary>
internal sealed class PduBuilder
{
    private byte[] _buffer = new byte[512];
    private int _length;

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void UInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void UInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    public void Zeros(int count)
    {
        Ensure(count);
        _buffer.AsSpan(_length, count).Clear();
        _length += count;
    }

    /// <summary>An AE title field: 16 bytes, space padded.</summary>
    public void AeTitle(string aeTitle)
    {
        var bytes = Encoding.ASCII.GetBytes(aeTitle);
        Ensure(16);
        var field = _buffer.AsSpan(_length, 16);
        field.Fill((byte)' ');
        bytes.CopyTo(field);
        _length += 16;
    }

    /// <summary>Starts a PDU: type, reserved byte and a 4-byte length patched by <see cref="EndPdu"/>.</summary>
    public int BeginPdu(PduType type)
    {
        Byte((byte)type);
        Byte(0);
        var at = _length;
        UInt32(0);
        return at;
    }

    public void EndPdu(int lengthAt) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(lengthAt), (uint)(_length - lengthAt - 4));

    /// <summary>Starts an item: type, reserved byte and a 2-byte length patched by <see cref="EndItem"/>.</summary>
    public int BeginItem(byte type)
    {
        Byte(type);
        Byte(0);
        var at = _length;
        UInt16(0);
        return at;
    }

    public void EndItem(int lengthAt)
    {
        var length = _length - lengthAt - 2;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"An association item of {length} bytes exceeds the 65,535 bytes its length field can hold");
        }
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(lengthAt), (ushort)length);
    }

    /// <summary>An item whose whole value is one ASCII string (UIDs, names).</summary>
    public void StringItem(byte type, string value)
    {
        var at = BeginItem(type);
        Bytes(Encoding.ASCII.GetBytes(value));
        EndItem(at);
    }

    /// <summary>A 2-byte length followed by an ASCII string, as inside role selection and extended negotiation.</summary>
    public void LengthPrefixed(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"A field of {value.Length} bytes exceeds the 65,535 bytes its length can hold");
        }
        UInt16((ushort)value.Length);
        Bytes(value);
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    private void Ensure(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }
    }
}
