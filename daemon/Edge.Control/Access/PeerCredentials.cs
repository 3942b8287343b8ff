using System.Net.Sockets;

namespace Edge.Control.Access;

/// <summary>
/// Who is at the other end of a Unix socket connection, as the kernel recorded it when the peer connected
/// (SO_PEERCRED and SO_PEERGROUPS): nothing the peer says about itself.
/// </summary>
public sealed record PeerCredentials(int ProcessId, uint UserId, uint GroupId, IReadOnlyList<uint> SupplementaryGroups)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private const int SoPeerGroups = 59;

    // struct ucred { pid_t pid; uid_t uid; gid_t gid; }, native byte order.
    private const int UcredLength = 12;

    /// <summary>Reads the credentials of a connected Unix stream socket's peer.</summary>
    public static PeerCredentials Read(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[UcredLength];
        var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        if (length != UcredLength)
        {
            throw new ControlException($"SO_PEERCRED returned {length} bytes instead of {UcredLength}.");
        }
        return new PeerCredentials(
            ReadNative<int>(ucred[..4]),
            ReadNative<uint>(ucred[4..8]),
            ReadNative<uint>(ucred[8..12]),
            ReadGroups(socket));
    }

    private static uint[] ReadGroups(Socket socket)
    {
        // Most callers have a handful of groups; NGROUPS_MAX (65536) only when the kernel says the buffer is short.
        foreach (var capacity in (int[])[64, 65536])
        {
            var buffer = new byte[capacity * sizeof(uint)];
            int length;
            try
            {
                length = socket.GetRawSocketOption(SolSocket, SoPeerGroups, buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ProtocolOption)
            {
                // Kernels before 4.13: only the primary group is known, so group grants can only narrow, never widen.
                return [];
            }
            catch (SocketException) when (capacity < 65536)
            {
                continue;
            }
            var groups = new uint[length / sizeof(uint)];
            for (var i = 0; i < groups.Length; i++)
            {
                groups[i] = ReadNative<uint>(buffer.AsSpan(i * sizeof(uint), sizeof(uint)));
            }
            return groups;
        }
        return [];
    }

    private static T ReadNative<T>(ReadOnlySpan<byte> bytes) where T : struct =>
        System.Runtime.InteropServices.MemoryMarshal.Read<T>(bytes);
}
