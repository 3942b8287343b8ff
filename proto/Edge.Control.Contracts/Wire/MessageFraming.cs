using System.Buffers.Binary;
using Google.Protobuf;

namespace Edge.Control.Wire;

/// <summary>
/// gRPC's length-prefixed messages: a compressed flag byte, the length as a 32-bit big-endian integer, then the
/// serialised message. We never compress, so the flag we write is always 0.
/// </summary>
public static class MessageFraming
{
    public const int HeaderLength = 5;

    /// <summary>The message with its prefix, ready to send.</summary>
    public static byte[] Frame(IMessage message)
    {
        var length = message.CalculateSize();
        var buffer = new byte[HeaderLength + length];
        WriteHeader(buffer, length);
        message.WriteTo(buffer.AsSpan(HeaderLength));
        return buffer;
    }

    public static void WriteHeader(Span<byte> destination, int length)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..HeaderLength], checked((uint)length));
    }

    /// <summary>Reads a prefix: whether the message is compressed, and how many bytes follow.</summary>
    public static (bool Compressed, uint Length) ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderLength)
        {
            throw new ArgumentException($"A message prefix is {HeaderLength} bytes.", nameof(header));
        }
        return (header[0] != 0, BinaryPrimitives.ReadUInt32BigEndian(header[1..HeaderLength]));
    }
}
