using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Edge.Ledger.Audit;

/// <summary>
/// The hash chain: hash = SHA-256(prev_hash || canonical event), where the canonical event is a version tag and then
/// every column (sequence included, so moving an event breaks it) as a 4-byte big-endian length and its UTF-8 bytes
/// (length 0xFFFFFFFF for null). Editing, deleting or reordering any event changes some link.
/// </summary>
internal static class AuditChain
{
    public const int HashLength = 32;

    /// <summary>The previous hash of the first event.</summary>
    public static readonly byte[] Genesis = new byte[HashLength];

    private static readonly byte[] Version = "edge-ledger-audit-v1"u8.ToArray();

    public static byte[] Hash(ReadOnlySpan<byte> previousHash, AuditEvent e) =>
        Hash(previousHash, e, new ArrayBufferWriter<byte>(512));

    /// <summary>Hashes with a caller's scratch buffer (the writer reuses one for every event).</summary>
    public static byte[] Hash(ReadOnlySpan<byte> previousHash, AuditEvent e, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        buffer.Write(previousHash);
        buffer.Write(Version);
        Field(buffer, e.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(buffer, e.At);
        Field(buffer, e.Kind);
        Field(buffer, e.Actor);
        Field(buffer, e.Workspace);
        Field(buffer, e.Reason);
        Field(buffer, e.Detail);
        return SHA256.HashData(buffer.WrittenSpan);
    }

    private static void Field(ArrayBufferWriter<byte> buffer, string? value)
    {
        var length = value is null ? uint.MaxValue : (uint)Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
        if (value is not null)
        {
            buffer.Advance(Encoding.UTF8.GetBytes(value, buffer.GetSpan((int)length)));
        }
    }
}
