namespace Edge.Dicom.Network;

/// <summary>
/// Text fields of PDUs: UIDs, names and AE titles. Bytes outside printable ASCII are replaced by '?' so what a peer
/// sends can be logged and compared safely.
/// </summary>
internal static class PduText
{
    /// <summary>A UID or name: trailing NUL or space padding removed.</summary>
    public static string Uid(ReadOnlySpan<byte> bytes) => Printable(bytes).TrimEnd('\0', ' ');

    /// <summary>An AE title field: leading and trailing spaces are not significant (PS3.5 6.2).</summary>
    public static string AeTitle(ReadOnlySpan<byte> bytes) => Printable(bytes).Trim(' ', '\0');

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        string.Create(bytes.Length, bytes.ToArray(), static (chars, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                var b = src[i];
                chars[i] = b == 0 || (b >= 0x20 && b < 0x7F) ? (char)b : '?';
            }
        });
}
