using System.Buffers.Binary;
using Edge.Dicom.Data;
using Edge.Pixels.Codecs;
using Edge.Pixels.Codecs.Jpeg;
using Edge.Pixels.Frames;
using Edge.Pixels.Rendering;

namespace Edge.Pixels.Masking;

/// <summary>How the masked frames were written, and the rectangles that were filled.</summary>
/// <param name="Method">"native", "re-encoded &lt;syntax UID&gt;", "dct" or "decompressed to explicit LE".</param>
public sealed record MaskingResult(string Method, IReadOnlyList<PixelRect> Rectangles);

/// <summary>
/// Fills rectangles on every frame of an image, one frame in memory at a time, and puts the new pixel data in the
/// <see cref="DicomFile"/> (its frames live in a temporary file the object owns). Native data stays native, lossless
/// syntaxes are re-encoded in the same syntax, 8-bit DCT JPEG is masked in the coefficient domain; other lossy data is
/// decoded and written as Explicit VR Little Endian — never encoded lossily again. Pixels outside the rectangles keep
/// their values (bit for bit, except where a DCT block or a chroma pair straddles a rectangle's edge).
/// </summary>
public static class PixelMasker
{
    public const string Native = "native";
    public const string Dct = "dct";
    public const string Decompressed = "decompressed to explicit LE";

    /// <param name="rectangles">In frame pixels; clipped to the frame and merged where they overlap.</param>
    /// <param name="tempDirectory">Where the masked frames are kept until written; default the system's.</param>
    /// <exception cref="UnsupportedPixelDataException">No codec can decode the syntax.</exception>
    /// <exception cref="InvalidPixelDataException">The pixel data is inconsistent or truncated.</exception>
    /// <exception cref="PixelCodecException">A frame cannot be decoded or encoded.</exception>
    public static MaskingResult Apply(DicomFile file, IReadOnlyList<PixelRect> rectangles, string? tempDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(rectangles);
        var frames = PixelFrames.Open(file);
        var declared = frames.Source.Info;
        var rects = MaskGeometry.Prepare(rectangles, declared.Columns, declared.Rows);
        var directory = tempDirectory ?? Path.GetTempPath();
        if (frames.FrameCount != declared.NumberOfFrames)
        {
            throw new InvalidPixelDataException("PixelData", $"holds {frames.FrameCount} frames, Number of Frames is {declared.NumberOfFrames}");
        }
        var syntax = file.TransferSyntax;
        if (!syntax.IsEncapsulated)
        {
            MaskNative(file, frames, rects, directory);
            return new MaskingResult(Native, rects);
        }
        var codec = frames.Codec!;
        if (codec.CanEncode(syntax))
        {
            ReEncode(file, frames, rects, directory);
            return new MaskingResult("re-encoded " + syntax.Uid, rects);
        }
        if (codec is JpegCodec && TryMaskDct(file, frames, rects, directory))
        {
            return new MaskingResult(Dct, rects);
        }
        Decompress(file, frames, rects, directory);
        return new MaskingResult(Decompressed, rects);
    }

    private static void MaskNative(DicomFile file, PixelFrames frames, IReadOnlyList<PixelRect> rects, string directory)
    {
        var info = frames.FrameInfo;
        var pixelData = (DicomValueElement)file.Dataset.Get(DicomTags.PixelData)!;
        var store = TempPixelStore.Create(file, directory);
        var bits = info.BitsAllocated == 1 ? new BitPacker(store) : null;
        // Big endian OW is swapped in 16-bit words on output; a 32-bit sample must then be stored with its halves swapped.
        var swapHalves = file.TransferSyntax.IsBigEndian && info.BitsAllocated == 32 && pixelData.VR.SwapUnit() == 2;
        foreach (var frame in MaskedFrames(file, frames, rects))
        {
            if (bits is not null)
            {
                bits.Append(frame, info.FrameBits);
                continue;
            }
            if (swapHalves)
            {
                SwapWordHalves(frame);
            }
            store.Append(frame);
        }
        bits?.Flush();
        file.Dataset.Set(new DicomValueElement(DicomTags.PixelData, pixelData.VR, store.EvenLengthValue()));
    }

    private static void ReEncode(DicomFile file, PixelFrames frames, IReadOnlyList<PixelRect> rects, string directory)
    {
        var syntax = file.TransferSyntax;
        var codec = frames.Codec!;
        var info = frames.FrameInfo;
        var writer = new FragmentWriter(TempPixelStore.Create(file, directory));
        foreach (var frame in MaskedFrames(file, frames, rects))
        {
            writer.Add(codec.Encode(frame, info, syntax));
        }
        writer.Replace(file.Dataset);
        SetLayout(file.Dataset, codec.EncodedInfo(info, syntax));
    }

    /// <summary>Masks every frame in the DCT domain; false (nothing changed) when a frame is not 8-bit DCT JPEG.</summary>
    private static bool TryMaskDct(DicomFile file, PixelFrames frames, IReadOnlyList<PixelRect> rects, string directory)
    {
        var info = frames.Source.Info;
        var ycbcr = info.Photometric != Photometric.Rgb;
        var writer = new FragmentWriter(TempPixelStore.Create(file, directory));
        for (var i = 0; i < frames.FrameCount; i++)
        {
            var stored = frames.Source.ReadFrame(i);
            var header = JpegFrameHeader.Read(stored);
            if (header.IsLossless || header.Precision != 8)
            {
                return false;
            }
            writer.Add(JpegDctMasker.Mask(stored, rects, ycbcr));
        }
        writer.Replace(file.Dataset);
        return true;
    }

    private static void Decompress(DicomFile file, PixelFrames frames, IReadOnlyList<PixelRect> rects, string directory)
    {
        var info = frames.FrameInfo;
        var store = TempPixelStore.Create(file, directory);
        foreach (var frame in MaskedFrames(file, frames, rects))
        {
            store.Append(frame);
        }
        var ds = file.Dataset;
        ds.Set(new DicomValueElement(DicomTags.PixelData, info.BitsAllocated > 8 ? DicomVR.OW : DicomVR.OB, store.EvenLengthValue()));
        ds.Remove(DicomTags.ExtendedOffsetTable);
        ds.Remove(DicomTags.ExtendedOffsetTableLengths);
        SetLayout(ds, info);
        file.TransferSyntax = TransferSyntax.ExplicitVRLittleEndian;
    }

    /// <summary>
    /// Each frame decoded in turn (one in memory at a time) with the rectangles filled; the fill value comes from the
    /// first frame.
    /// </summary>
    private static IEnumerable<byte[]> MaskedFrames(DicomFile file, PixelFrames frames, IReadOnlyList<PixelRect> rects)
    {
        var info = frames.FrameInfo;
        var fillRects = Rectangles(info, rects);
        var display = DisplayParameters.FromDataset(file.Dataset);
        FillValue? fill = null;
        for (var i = 0; i < frames.FrameCount; i++)
        {
            var frame = frames.GetFrame(i);
            fill ??= FillValue.For(info, frame, display);
            FrameFiller.Fill(frame, info, fillRects, fill);
            yield return frame;
        }
    }

    /// <summary>Declares the colour interpretation and sample order the new frames have.</summary>
    private static void SetLayout(DicomDataset ds, PixelDataInfo info)
    {
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, info.Photometric.ToDicom());
        if (info.SamplesPerPixel > 1)
        {
            ds.SetUInt16(DicomTags.PlanarConfiguration, (ushort)info.PlanarConfiguration);
        }
    }

    private static IReadOnlyList<PixelRect> Rectangles(PixelDataInfo info, IReadOnlyList<PixelRect> rects) =>
        info.Photometric.IsSubsampled() ? MaskGeometry.ToPixelPairs(rects, info.Columns) : rects;

    private static void SwapWordHalves(byte[] frame)
    {
        for (var i = 0; i + 3 < frame.Length; i += 4)
        {
            (frame[i], frame[i + 1], frame[i + 2], frame[i + 3]) = (frame[i + 2], frame[i + 3], frame[i], frame[i + 1]);
        }
    }

    /// <summary>New encapsulated pixel data: one fragment per frame and a basic offset table.</summary>
    private sealed class FragmentWriter(TempPixelStore store)
    {
        private readonly List<(long Offset, long Length)> _fragments = [];

        public void Add(byte[] encoded)
        {
            var offset = store.Append(encoded);
            if (encoded.Length % 2 == 1)
            {
                // Fragments have even length (PS3.5 A.4); a codec's trailing zero after EOI is harmless.
                store.Append([0]);
            }
            _fragments.Add((offset, encoded.Length + (encoded.Length & 1)));
        }

        public void Replace(DicomDataset ds)
        {
            var old = ds.Get(DicomTags.PixelData)!;
            var sequence = new DicomFragmentSequence(DicomTags.PixelData, old.VR is DicomVR.OB or DicomVR.OW ? old.VR : DicomVR.OB);
            long position = 0;
            var table = new byte[_fragments.Count * 4];
            var fits = true;
            for (var i = 0; i < _fragments.Count; i++)
            {
                fits &= position <= uint.MaxValue;
                if (fits)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), (uint)position);
                }
                position += 8 + _fragments[i].Length;
                sequence.Fragments.Add(store.Value(_fragments[i].Offset, _fragments[i].Length));
            }
            // Past 4 GiB offsets do not fit the basic table; with one fragment per frame an empty one is still valid.
            sequence.OffsetTable = new DicomValueData(fits ? table : ReadOnlyMemory<byte>.Empty);
            ds.Set(sequence);
            ds.Remove(DicomTags.ExtendedOffsetTable);
            ds.Remove(DicomTags.ExtendedOffsetTableLengths);
        }
    }

    /// <summary>Concatenates 1-bit frames without padding between them (PS3.5 8.1.1).</summary>
    private sealed class BitPacker(TempPixelStore store)
    {
        private readonly List<byte> _pending = [];
        private int _carry;
        private int _carryBits;

        public void Append(byte[] frame, long bits)
        {
            for (var i = 0; i < frame.Length && bits > 0; i++)
            {
                var here = (int)Math.Min(8, bits);
                bits -= here;
                _carry |= (frame[i] & ((1 << here) - 1)) << _carryBits;
                _carryBits += here;
                while (_carryBits >= 8)
                {
                    _pending.Add((byte)_carry);
                    _carry >>= 8;
                    _carryBits -= 8;
                }
            }
            store.Append(_pending.ToArray());
            _pending.Clear();
        }

        public void Flush()
        {
            if (_carryBits > 0)
            {
                store.Append([(byte)_carry]);
                _carry = _carryBits = 0;
            }
        }
    }
}
