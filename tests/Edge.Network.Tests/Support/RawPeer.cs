using System.Net.Sockets;
using Edge.Dicom.Data;
using Edge.Dicom.Network;

namespace Edge.Network.Tests.Support;

/// <summary>A hand-driven peer on a raw socket, for sending what no well-behaved tool would.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly TcpClient _client;

    private RawPeer(TcpClient client) => _client = client;

    public NetworkStream Stream => _client.GetStream();

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        return new RawPeer(client);
    }

    public Task SendAsync(byte[] bytes) => Stream.WriteAsync(bytes).AsTask();

    /// <summary>Associates for one storage SOP class in explicit VR little endian; returns the accept.</summary>
    public async Task<AssociateAccept> AssociateAsync(string calledAe, string sopClassUid)
    {
        await SendAsync(PduEncoder.Encode(new AssociateRequest
        {
            CalledAeTitle = calledAe,
            CallingAeTitle = "RAW_PEER",
            PresentationContexts = [new PresentationContextProposal(1, sopClassUid, [TransferSyntax.ExplicitVRLittleEndian.Uid])],
            UserInformation = new UserInformation { MaxPduLength = 16384 },
        }));
        var pdu = await ReadPduAsync(TimeSpan.FromSeconds(5));
        pdu.Should().NotBeNull();
        pdu![0].Should().Be((byte)PduType.AssociateAccept);
        return PduDecoder.DecodeAssociateAccept(pdu.AsSpan(6));
    }

    /// <summary>The next whole PDU, or null when the connection closes (or resets) first.</summary>
    public async Task<byte[]?> ReadPduAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var header = new byte[6];
        if (!await ReadExactlyAsync(header, deadline.Token))
        {
            return null;
        }
        var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
        var pdu = new byte[6 + length];
        header.CopyTo(pdu, 0);
        return await ReadExactlyAsync(pdu.AsMemory(6), deadline.Token) ? pdu : null;
    }

    /// <summary>True when the server closes the connection within <paramref name="timeout"/>, whatever it sends before.</summary>
    public async Task<bool> ClosedByServerWithin(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await Stream.ReadAsync(buffer, deadline.Token) > 0)
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
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
}
