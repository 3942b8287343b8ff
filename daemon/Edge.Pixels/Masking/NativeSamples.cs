using System.Buffers.Binary;

namespace Edge.Pixels.Masking;

/// <summary>
/// Where a sample sits in a native frame laid out as a <see cref="PixelDataInfo"/> says: pixel-interleaved or planar,
/// and YBR_*_422 pairs (two luminance samples, then the Cb and Cr they share). Not for 1-bit frames.
/// </summary>
internal static class NativeSamples
{
    /// <summary>Byte offset of component <paramref name="component"/> of pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static int Offset(PixelDataInfo info, int x, int y, int component)
    {
        var bytes = info.BytesPerSample;
        var pixel = y * info.Columns + x;
        if (info.Photometric.IsSubsampled())
        {
            // Y1 Y2 Cb Cr for each pair of pixels.
            var pair = pixel / 2;
            return (pair * 4 + (component == 0 ? pixel & 1 : component + 1)) * bytes;
        }
        return info.PlanarConfiguration == 1
            ? (component * (int)info.PixelCount + pixel) * bytes
            : (pixel * info.SamplesPerPixel + component) * bytes;
    }

    public static uint Read(ReadOnlySpan<byte> frame, int offset, int bytes) => bytes switch
    {
        1 => frame[offset],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(frame[offset..]),
        _ => BinaryPrimitives.ReadUInt32LittleEndian(frame[offset..]),
    };

    public static void Write(Span<byte> frame, int offset, int bytes, uint value)
    {
        switch (bytes)
        {
            case 1:
                frame[offset] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(frame[offset..], (ushort)value);
                break;
            default:
                BinaryPrimitives.WriteUInt32LittleEndian(frame[offset..], value);
                break;
        }
    }
}
