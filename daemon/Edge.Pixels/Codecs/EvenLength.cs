namespace Edge.Pixels.Codecs;

/// <summary>Encoded frames become fragments, which have even length (PS3.5 A.4): one zero byte after the end marker.</summary>
internal static class EvenLength
{
    public static byte[] Pad(ReadOnlySpan<byte> encoded)
    {
        var result = new byte[encoded.Length + (encoded.Length & 1)];
        encoded.CopyTo(result);
        return result;
    }
}
