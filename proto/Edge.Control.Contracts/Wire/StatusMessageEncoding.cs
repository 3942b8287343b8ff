using System.Text;

namespace Edge.Control.Wire;

/// <summary>
/// The <c>grpc-message</c> value is UTF-8, percent-encoded: every byte outside printable ASCII, and '%' itself,
/// becomes %XX, so a status message survives HTTP/2 header rules whatever language it is in.
/// </summary>
public static class StatusMessageEncoding
{
    public static string Encode(string message)
    {
        if (message.All(c => c is >= ' ' and <= '~' and not '%'))
        {
            return message;
        }
        var builder = new StringBuilder(message.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    /// <summary>Decodes %XX sequences; a '%' not followed by two hex digits is kept as is, as peers must tolerate.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }
        // '%' and hex digits are ASCII, so scanning the UTF-8 bytes leaves any other character intact.
        var raw = Encoding.UTF8.GetBytes(value);
        var decoded = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
            {
                decoded[length++] = (byte)(HexValue(raw[i + 1]) * 16 + HexValue(raw[i + 2]));
                i += 2;
            }
            else
            {
                decoded[length++] = raw[i];
            }
        }
        return Encoding.UTF8.GetString(decoded, 0, length);
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
