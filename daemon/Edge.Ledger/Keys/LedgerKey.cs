using System.Security.Cryptography;
using System.Text;

namespace Edge.Ledger.Keys;

/// <summary>
/// The 256-bit key of the ledger, used as a raw SQLCipher key (no passphrase derivation: it is already random).
/// Disposing it wipes the bytes.
/// </summary>
internal sealed class LedgerKey : IDisposable
{
    public const int Length = 32;

    private readonly byte[] _bytes;

    private LedgerKey(byte[] bytes) => _bytes = bytes;

    public static LedgerKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>Reads the key file format: 64 hexadecimal digits, or 32 raw bytes (a systemd credential may hold either).</summary>
    public static LedgerKey Parse(byte[] content, string source)
    {
        var text = Encoding.ASCII.GetString(content).Trim();
        if (text.Length == Length * 2 && text.All(Uri.IsHexDigit))
        {
            return new LedgerKey(Convert.FromHexString(text));
        }
        if (content.Length == Length)
        {
            return new LedgerKey((byte[])content.Clone());
        }
        throw new LedgerKeyException($"The ledger key in {source} is not 64 hexadecimal digits (a 256-bit key).");
    }

    /// <summary>Short public identifier for the audit trail: shows which key was rotated without revealing it.</summary>
    public string Fingerprint
    {
        get
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData([.. "edge-ledger-key-id"u8, .. _bytes], hash);
            return Convert.ToHexStringLower(hash[..8]);
        }
    }

    /// <summary>The key file content; the caller wipes it after writing.</summary>
    public byte[] ToFileBytes() => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(_bytes) + "\n");

    /// <summary>SQLCipher's raw-key form <c>x'HEX'</c> as bytes for sqlite3_key; the caller wipes it after use.</summary>
    public byte[] ToSqlCipherKey() => Encoding.ASCII.GetBytes("x'" + Convert.ToHexStringLower(_bytes) + "'");

    public bool SameAs(LedgerKey other) => CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    public void Dispose() => CryptographicOperations.ZeroMemory(_bytes);
}
