using Edge.Dicom;
using Edge.Dicom.Data;

namespace Edge.Pixels.Frames;

/// <summary>
/// Frames of native pixel data: each is a computed slice of the Pixel Data value, read from the source through the
/// bulk reference when the value was not loaded.
/// </summary>
public sealed class NativeFrameSource : IFrameSource
{
    private readonly DicomValueElement _pixelData;

    public NativeFrameSource(DicomValueElement pixelData, PixelDataInfo info, TransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(pixelData);
        ArgumentNullException.ThrowIfNull(info);
        _pixelData = pixelData;
        Info = info;
        TransferSyntax = syntax;
        if (info.Photometric.IsSubsampled() && info.Columns % 2 != 0)
        {
            throw new InvalidPixelDataException("Columns", $"is odd ({info.Columns}) in native {info.Photometric.ToDicom()} data, whose pixel pairs share chroma");
        }
        if (info.Photometric == Photometric.YbrPartial420)
        {
            throw new UnsupportedPixelDataException("YBR_PARTIAL_420 is only defined for MPEG syntaxes, not native pixel data");
        }
        var available = pixelData.Length * 8 / info.FrameBits;
        FrameCount = (int)Math.Min(info.NumberOfFrames, available);
        if (FrameCount == 0)
        {
            throw new InvalidPixelDataException("PixelData", $"holds {pixelData.Length} bytes, less than one frame of {info.FrameLength}");
        }
    }

    public PixelDataInfo Info { get; }
    public TransferSyntax TransferSyntax { get; }

    /// <summary>Frames present in the value: fewer than Number of Frames when the value is truncated.</summary>
    public int FrameCount { get; }

    public byte[] ReadFrame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        var bitStart = index * Info.FrameBits;
        var frame = new byte[Info.FrameLength];
        if (bitStart % 8 == 0)
        {
            ReadBytes(bitStart / 8, frame);
            if (TransferSyntax.IsBigEndian && Info.BitsAllocated == 32 && _pixelData.VR.SwapUnit() == 2)
            {
                // OW is unswapped in 16-bit words; a 32-bit sample was written as one big-endian integer.
                SwapWordHalves(frame);
            }
            ClearBitsPastFrame(frame);
            return frame;
        }
        // 1-bit frames follow each other without padding (PS3.5 8.1.1), so frame i may start mid-byte.
        var shift = (int)(bitStart % 8);
        var spanBytes = (int)Math.Min(frame.Length + 1, _pixelData.Length - bitStart / 8);
        var raw = new byte[spanBytes];
        ReadBytes(bitStart / 8, raw);
        for (var i = 0; i < frame.Length; i++)
        {
            var next = i + 1 < raw.Length ? raw[i + 1] : 0;
            frame[i] = (byte)((raw[i] >> shift) | (next << (8 - shift)));
        }
        ClearBitsPastFrame(frame);
        return frame;
    }

    /// <summary>
    /// Bytes <paramref name="offset"/>.. of frame <paramref name="index"/> (little endian), for callers that need a few
    /// rows only. Frames of 8 or 16 bits only.
    /// </summary>
    internal void ReadFrameRange(int index, long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        if (Info.BitsAllocated is not (8 or 16) || offset < 0 || offset + destination.Length > Info.FrameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), "a range inside an 8- or 16-bit frame");
        }
        ReadBytes(index * (Info.FrameBits / 8) + offset, destination);
    }

    /// <summary>The last byte of a 1-bit frame may hold the next frame's first bits; they are not this frame's.</summary>
    private void ClearBitsPastFrame(byte[] frame)
    {
        var used = (int)(Info.FrameBits % 8);
        if (used != 0)
        {
            frame[^1] &= (byte)((1 << used) - 1);
        }
    }

    private static void SwapWordHalves(byte[] frame)
    {
        for (var i = 0; i + 3 < frame.Length; i += 4)
        {
            (frame[i], frame[i + 1], frame[i + 2], frame[i + 3]) = (frame[i + 2], frame[i + 3], frame[i], frame[i + 1]);
        }
    }

    private void ReadBytes(long start, Span<byte> destination)
    {
        if (_pixelData.Data.Bulk is not { } bulk)
        {
            _pixelData.Data.Memory.Span.Slice(checked((int)start), destination.Length).CopyTo(destination);
            return;
        }
        var unit = _pixelData.VR.SwapUnit();
        if (!bulk.SourceIsBigEndian || unit <= 1 || (start % unit == 0 && destination.Length % unit == 0))
        {
            ReadRange(bulk, start, destination, unit);
            return;
        }
        // Byte-swapped sources are read in whole swap units, then the frame is cut out of them.
        var alignedStart = start - start % unit;
        var alignedEnd = Math.Min(bulk.Length, (start + destination.Length + unit - 1) / unit * unit);
        var buffer = new byte[alignedEnd - alignedStart];
        ReadRange(bulk, alignedStart, buffer, unit);
        buffer.AsSpan((int)(start - alignedStart), destination.Length).CopyTo(destination);
    }

    private static void ReadRange(BulkDataRef bulk, long start, Span<byte> destination, int unit)
    {
        try
        {
            bulk.ReadRange(start, destination, unit);
        }
        catch (DicomException ex) when (ex is not PixelDataException)
        {
            throw new InvalidPixelDataException("PixelData", ex.Message);
        }
    }
}
