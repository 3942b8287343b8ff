using System.Buffers.Binary;

namespace Edge.Pixels.Codecs;

/// <summary>Splits a native 8- or 16-bit frame into one plane of raw unsigned samples per component.</summary>
internal static class SamplePlanes
{
    /// <summary>
    /// The planes, and the precision a lossless encoder needs to keep every bit: Bits Stored when all samples fit in
    /// it, else Bits Allocated (for example signed data sign-extended above Bits Stored), so decoding gives back the
    /// same bytes.
    /// </summary>
    public static ushort[][] Read(ReadOnlySpan<byte> frame, PixelDataInfo info, out int precision)
    {
        if (frame.Length < info.FrameLength)
        {
            throw new ArgumentException($"The frame is {frame.Length} bytes, {info.FrameLength} expected", nameof(frame));
        }
        var pixels = checked((int)info.PixelCount);
        var samples = info.SamplesPerPixel;
        var bytes = info.BytesPerSample;
        var planes = new ushort[samples][];
        var all = 0;
        for (var c = 0; c < samples; c++)
        {
            var plane = planes[c] = new ushort[pixels];
            for (var p = 0; p < pixels; p++)
            {
                var o = (info.PlanarConfiguration == 0 ? p * samples + c : c * pixels + p) * bytes;
                var value = bytes == 1 ? frame[o] : BinaryPrimitives.ReadUInt16LittleEndian(frame[o..]);
                plane[p] = value;
                all |= value;
            }
        }
        precision = all >> info.BitsStored == 0 ? info.BitsStored : info.BitsAllocated;
        return planes;
    }
}
