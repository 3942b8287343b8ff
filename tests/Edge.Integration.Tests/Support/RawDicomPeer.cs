using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Edge.Integration.Tests.Support;

/// <summary>
/// A peer on a raw socket that builds its PDUs byte by byte (PS3.8 9.3) and its command sets by hand (PS3.7 E,
/// implicit VR little endian), so it can send what no well-behaved tool would: garbage, lying lengths, half a PDU.
/// </summary>
public sealed class RawDicomPeer : IDisposable
{
    public const byte AssociateRequestType = 0x01;
    public const byte AssociateAcceptType = 0x02;
    public const byte AssociateRejectType = 0x03;
    public const byte DataTransferType = 0x04;
    public const byte AbortType = 0x07;

    private const string ApplicationContext = "1.2.840.10008.3.1.1.1";
    private const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";

    private readonly TcpClient _client;

    private RawDicomPeer(TcpClient client) => _client = client;

    private NetworkStream Stream => _client.GetStream();

    public static async Task<RawDicomPeer> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        return new RawDicomPeer(client);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await Stream.WriteAsync(bytes);

    /// <summary>Associates for one SOP class in explicit VR little endian; returns the presentation context result (0 = accepted).</summary>
    public async Task<byte> AssociateAsync(string calledAe, string callingAe, string abstractSyntax)
    {
        await SendAsync(AssociateRequest(calledAe, callingAe, abstractSyntax, ExplicitVRLittleEndian));
        var pdu = await ReadPduAsync(TimeSpan.FromSeconds(10))
            ?? throw new InvalidOperationException("The connection closed instead of an A-ASSOCIATE-AC");
        if (pdu[0] != AssociateAcceptType)
        {
            throw new InvalidOperationException($"PDU type 0x{pdu[0]:X2} instead of an A-ASSOCIATE-AC");
        }
        return ContextResult(pdu, 1);
    }

    /// <summary>The next whole PDU (header included), or null when the connection closes (or resets) first.</summary>
    public async Task<byte[]?> ReadPduAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var header = new byte[6];
        if (!await ReadExactlyAsync(header, deadline.Token))
        {
            return null;
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
        var pdu = new byte[6 + length];
        header.CopyTo(pdu, 0);
        return await ReadExactlyAsync(pdu.AsMemory(6), deadline.Token) ? pdu : null;
    }

    private async Task<bool> ReadExactlyAsync(Memory<byte> buffer, CancellationToken token)
    {
        try
        {
            await Stream.ReadExactlyAsync(buffer, token);
            return true;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();

    // ---- PDUs ----------------------------------------------------------------------------------------------

    public static byte[] AssociateRequest(string calledAe, string callingAe, string abstractSyntax, string transferSyntax)
    {
        var body = new List<byte>();
        body.AddRange([0x00, 0x01, 0x00, 0x00]);
        body.AddRange(AeTitle(calledAe));
        body.AddRange(AeTitle(callingAe));
        body.AddRange(new byte[32]);
        body.AddRange(Item(0x10, Ascii(ApplicationContext)));
        body.AddRange(Item(0x20, [1, 0, 0, 0, .. Item(0x30, Ascii(abstractSyntax)), .. Item(0x40, Ascii(transferSyntax))]));
        var maxLength = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(maxLength, 16384);
        body.AddRange(Item(0x50, [.. Item(0x51, maxLength), .. Item(0x52, Ascii("1.2.3.4.5.6.7.8.9"))]));
        return Pdu(AssociateRequestType, body.ToArray());
    }

    /// <summary>A P-DATA-TF with one PDV item.</summary>
    public static byte[] PData(byte contextId, bool command, bool last, ReadOnlySpan<byte> data)
    {
        var item = new byte[6 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(item, (uint)(2 + data.Length));
        item[4] = contextId;
        item[5] = (byte)((command ? 1 : 0) | (last ? 2 : 0));
        data.CopyTo(item.AsSpan(6));
        return Pdu(DataTransferType, item);
    }

    /// <summary>A PDU header announcing <paramref name="length"/> bytes, with nothing after it.</summary>
    public static byte[] Header(byte type, uint length)
    {
        var header = new byte[6];
        header[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), length);
        return header;
    }

    private static byte[] Pdu(byte type, byte[] body) => [.. Header(type, (uint)body.Length), .. body];

    private static byte[] Item(byte type, byte[] value)
    {
        var item = new byte[4 + value.Length];
        item[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(item.AsSpan(2), (ushort)value.Length);
        value.CopyTo(item, 4);
        return item;
    }

    private static byte[] AeTitle(string ae) => Encoding.ASCII.GetBytes(ae.PadRight(16));

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    /// <summary>The result byte of presentation context <paramref name="id"/> in an A-ASSOCIATE-AC.</summary>
    private static byte ContextResult(byte[] accept, byte id)
    {
        for (var i = 6 + 68; i + 4 <= accept.Length;)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(accept.AsSpan(i + 2));
            if (accept[i] == 0x21 && accept[i + 4] == id)
            {
                return accept[i + 6];
            }
            i += 4 + length;
        }
        throw new InvalidOperationException($"The A-ASSOCIATE-AC has no result for presentation context {id}");
    }

    // ---- Command sets --------------------------------------------------------------------------------------

    /// <summary>A C-STORE-RQ command set with a data set to follow.</summary>
    public static byte[] CStoreRequest(ushort messageId, string sopClassUid, string sopInstanceUid)
    {
        byte[] elements =
        [
            .. Element(0x0002, Uid(sopClassUid)),
            .. Element(0x0100, UInt16(0x0001)),
            .. Element(0x0110, UInt16(messageId)),
            .. Element(0x0700, UInt16(0x0000)),
            .. Element(0x0800, UInt16(0x0000)),
            .. Element(0x1000, Uid(sopInstanceUid)),
        ];
        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, (uint)elements.Length);
        return [.. Element(0x0000, groupLength), .. elements];
    }

    /// <summary>The Status (0000,0900) of the command set carried by a P-DATA-TF; null when it carries none.</summary>
    public static ushort? ResponseStatus(byte[] pdu)
    {
        if (pdu[0] != DataTransferType)
        {
            return null;
        }
        for (var i = 6; i + 6 <= pdu.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(pdu.AsSpan(i));
            var command = (pdu[i + 5] & 1) != 0;
            var value = pdu.AsSpan(i + 6, length - 2);
            if (command)
            {
                // Implicit VR little endian: tag, 4-byte length, value.
                for (var e = 0; e + 8 <= value.Length;)
                {
                    var element = BinaryPrimitives.ReadUInt16LittleEndian(value[(e + 2)..]);
                    var valueLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(value[(e + 4)..]);
                    if (element == 0x0900)
                    {
                        return BinaryPrimitives.ReadUInt16LittleEndian(value[(e + 8)..]);
                    }
                    e += 8 + valueLength;
                }
            }
            i += 4 + length;
        }
        return null;
    }

    private static byte[] Element(ushort element, byte[] value)
    {
        var e = new byte[8 + value.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(e, 0x0000);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(2), element);
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(4), (uint)value.Length);
        value.CopyTo(e, 8);
        return e;
    }

    private static byte[] Uid(string uid) => Ascii(uid.Length % 2 == 0 ? uid : uid + "\0");

    private static byte[] UInt16(ushort value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        return b;
    }
}
