using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Edge.Dicom.Data;
using Edge.Pixels.Frames;
using Edge.Pixels.Masking;

namespace Edge.Pixels.Triage;

/// <summary>
/// Where the edge check saw text: per band, the bounding box of its text-like rows, and the saturated runs in them
/// (one pixel high) that OCR must account for.
/// </summary>
public sealed record EdgeTextFinding(IReadOnlyList<PixelRect> Regions, IReadOnlyList<PixelRect> Runs);

/// <summary>
/// The cheap check for burned-in text on images the attributes do not put at risk. Scanners and overlay tools write
/// text at the brightest value the pixel can hold; in the top and bottom bands of the first frame, rows crossing such
/// text hold many short runs of that value (glyph strokes), which anatomy and backgrounds do not. Only those bands are
/// read from a native frame, so a CT slice costs two small reads and a scan.
/// </summary>
public static class EdgeBandDetector
{
    /// <summary>A text-like row crosses at least this many glyph strokes.</summary>
    private const int MinStrokesPerRow = 5;

    /// <summary>A band fires with at least this many text-like rows.</summary>
    private const int MinTextRows = 3;

    /// <summary>Finds text-like saturated runs; null when there are none or the image cannot be checked this way.</summary>
    /// <exception cref="PixelDataException">The pixel data cannot be read.</exception>
    public static EdgeTextFinding? Detect(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Dataset.Contains(DicomTags.PixelData))
        {
            return null;
        }
        var source = FrameSource.Open(file);
        var info = source.Info;
        if (info.BitsAllocated == 1 || info.Photometric is Photometric.PaletteColor || info.BitsAllocated == 32)
        {
            return null;
        }
        var band = BandRows(info.Rows);
        var regions = new List<PixelRect>();
        var runs = new List<PixelRect>();
        if (source is NativeFrameSource native && info.SamplesPerPixel == 1)
        {
            if (Tones.For(info) is not { } tones)
            {
                return null;
            }
            // The common case, a CT or MR slice: the two bands alone are read, into a pooled buffer.
            var rowBytes = info.Columns * info.BytesPerSample;
            var buffer = ArrayPool<byte>.Shared.Rent(rowBytes * band);
            try
            {
                foreach (var firstRow in info.Rows > band ? [0, info.Rows - band] : new[] { 0 })
                {
                    native.ReadFrameRange(0, (long)firstRow * rowBytes, buffer.AsSpan(0, rowBytes * band));
                    Scan(new Band(buffer, info, firstRow * rowBytes, firstRow, band), tones, regions, runs);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        else
        {
            // Decoded frames may have another layout than the stored one (YBR decoded to RGB): their tones are the decoded.
            var frames = PixelFrames.Open(file);
            var frame = frames.GetFrame(0);
            if (Tones.For(frames.FrameInfo) is not { } tones)
            {
                return null;
            }
            Scan(new Band(frame, frames.FrameInfo, 0, 0, band), tones, regions, runs);
            if (info.Rows > band)
            {
                Scan(new Band(frame, frames.FrameInfo, 0, frames.FrameInfo.Rows - band, band), tones, regions, runs);
            }
        }
        return regions.Count == 0 ? null : new EdgeTextFinding(regions, runs);
    }

    /// <summary>
    /// A tenth of the height, at least 16 rows (or all of a tiny image), at most half of it: overlay lines start within a
    /// few rows of the edge, and the check needs only their first rows.
    /// </summary>
    public static int BandRows(int rows) => Math.Min(rows, Math.Clamp(rows / 10, 16, Math.Max(16, rows / 2)));

    private static void Scan(Band band, Tones tones, List<PixelRect> regions, List<PixelRect> runs)
    {
        if (!tones.AnyWhite(band))
        {
            return;
        }
        var columns = band.Info.Columns;
        var maxStroke = Math.Max(6, columns / 12);
        var row = new sbyte[columns];
        var bandRuns = new List<PixelRect>();
        var rowRuns = new List<PixelRect>();
        var textRows = 0;
        for (var y = band.FirstRow; y < band.FirstRow + band.Count; y++)
        {
            tones.Row(band, y, row);
            rowRuns.Clear();
            var longRuns = 0;
            var x = 0;
            while (x < columns)
            {
                if (row[x] != Tones.White)
                {
                    x++;
                    continue;
                }
                var start = x;
                while (x < columns && row[x] == Tones.White)
                {
                    x++;
                }
                if (x - start <= maxStroke)
                {
                    rowRuns.Add(new PixelRect(start, y, x - start, 1));
                }
                else
                {
                    longRuns++;
                }
            }
            if (IsTextLike(rowRuns, longRuns, row))
            {
                textRows++;
                bandRuns.AddRange(rowRuns);
            }
        }
        if (textRows >= MinTextRows)
        {
            regions.Add(bandRuns.Aggregate(MaskGeometry.Union));
            runs.AddRange(bandRuns);
        }
    }

    /// <summary>
    /// Glyph strokes on a dark ground: many short runs (a bright structure is a few long ones), the pixels between them
    /// mostly dark (clipped bright tissue has bright neighbours), and irregular (a checkerboard, a grid or ruler ticks
    /// repeat one run and one gap).
    /// </summary>
    private static bool IsTextLike(List<PixelRect> runs, int longRuns, sbyte[] row)
    {
        if (runs.Count < MinStrokesPerRow || runs.Count < 2 * longRuns)
        {
            return false;
        }
        int dark = 0, other = 0;
        for (var x = runs[0].Left; x < runs[^1].Right; x++)
        {
            if (row[x] == Tones.Dark)
            {
                dark++;
            }
            else if (row[x] != Tones.White)
            {
                other++;
            }
        }
        if (dark < other)
        {
            return false;
        }
        var widths = runs.Select(r => r.Width).ToList();
        var gaps = runs.Zip(runs.Skip(1), (a, b) => b.Left - a.Right).ToList();
        return !(MostlyEqual(widths) && MostlyEqual(gaps));
    }

    /// <summary>Four values in five equal to the median: a drawn pattern (runs cut by the border aside); glyphs vary.</summary>
    private static bool MostlyEqual(List<int> values)
    {
        var median = values.Order().ElementAt(values.Count / 2);
        return values.Count(v => v == median) * 5 >= values.Count * 4;
    }

    /// <summary>Which pixels of a row hold the value that displays as brightest, and which are on the dark half.</summary>
    private sealed class Tones
    {
        public const sbyte White = 1;
        public const sbyte Dark = -1;

        private readonly PixelDataInfo _info;
        private readonly uint _mask;
        private readonly int _shift;
        private readonly int _brightest;
        private readonly int _middle;
        private readonly bool _darkIsLow;
        private readonly int _samples;

        private Tones(PixelDataInfo info, int samples)
        {
            _info = info;
            _samples = samples;
            _mask = info.BitsStored >= 32 ? uint.MaxValue : (1u << info.BitsStored) - 1;
            _shift = info.HighBit + 1 - info.BitsStored;
            var signed = info.IsSigned && info.Photometric.IsMonochrome();
            var min = signed ? -(1 << (info.BitsStored - 1)) : 0;
            var max = signed ? (1 << (info.BitsStored - 1)) - 1 : (int)Math.Min(_mask, int.MaxValue);
            _darkIsLow = info.Photometric != Photometric.Monochrome1;
            _brightest = _darkIsLow ? max : min;
            _middle = (int)(((long)min + max + 1) / 2);
        }

        /// <summary>
        /// Whether any pixel of the band may hold the brightest value, by a vectorised search of the monochrome samples
        /// (almost every CT and MR band has none, and is then done with in microseconds); true for colour.
        /// </summary>
        public bool AnyWhite(Band band)
        {
            if (_info.SamplesPerPixel != 1)
            {
                return true;
            }
            var start = NativeSamples.Offset(_info, 0, band.FirstRow, 0) - band.Origin;
            var bytes = band.Data.AsSpan(start, band.Count * _info.Columns * _info.BytesPerSample);
            if (_info.BytesPerSample == 1)
            {
                return Contains<byte>(bytes, (byte)(_mask << _shift), (byte)(RawBrightest() << _shift));
            }
            var words = MemoryMarshal.Cast<byte, ushort>(bytes);
            return Contains<ushort>(words, (ushort)(_mask << _shift), (ushort)(RawBrightest() << _shift));
        }

        /// <summary>The brightest value as its stored bits (two's complement cut to Bits Stored).</summary>
        private uint RawBrightest() => (uint)_brightest & _mask;

        private static bool Contains<T>(ReadOnlySpan<T> values, T mask, T wanted) where T : unmanaged, IBinaryInteger<T>
        {
            var i = 0;
            if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
            {
                var masks = new Vector<T>(mask);
                var targets = new Vector<T>(wanted);
                var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
                foreach (var v in vectors)
                {
                    if (Vector.EqualsAny(v & masks, targets))
                    {
                        return true;
                    }
                }
                i = vectors.Length * Vector<T>.Count;
            }
            for (; i < values.Length; i++)
            {
                if ((values[i] & mask) == wanted)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Null for layouts not checked (palette, partial YBR).</summary>
        public static Tones? For(PixelDataInfo info) => info.BitsStored > 16 ? null : info.Photometric switch
        {
            Photometric.Monochrome1 or Photometric.Monochrome2 => new Tones(info, 1),
            Photometric.Rgb => new Tones(info, 3),
            // Luminance alone: white has neutral chroma, and Y is sample 0.
            Photometric.YbrFull or Photometric.YbrFull422 => new Tones(info, 1),
            _ => null,
        };

        public void Row(Band band, int y, sbyte[] tones)
        {
            var bytes = _info.BytesPerSample;
            var data = band.Data;
            if (_info.SamplesPerPixel == 1)
            {
                // The common case, a monochrome row, read straight.
                var o = NativeSamples.Offset(_info, 0, y, 0) - band.Origin;
                for (var x = 0; x < tones.Length; x++)
                {
                    var raw = bytes == 1 ? data[o + x] : (uint)(data[o + 2 * x] | (data[o + 2 * x + 1] << 8));
                    tones[x] = Tone(Value(raw));
                }
                return;
            }
            for (var x = 0; x < tones.Length; x++)
            {
                var tone = Tone(Value(NativeSamples.Read(data, NativeSamples.Offset(_info, x, y, 0) - band.Origin, bytes)));
                for (var c = 1; c < _samples && tone != 0; c++)
                {
                    var next = Tone(Value(NativeSamples.Read(data, NativeSamples.Offset(_info, x, y, c) - band.Origin, bytes)));
                    tone = next == tone ? tone : (sbyte)0;
                }
                tones[x] = tone;
            }
        }

        /// <summary>The stored value, sign-extended when the pixel representation is signed.</summary>
        private int Value(uint raw)
        {
            var v = (int)((raw >> _shift) & _mask);
            return _info.IsSigned && _info.Photometric.IsMonochrome() && (v & (1 << (_info.BitsStored - 1))) != 0 ? v - (1 << _info.BitsStored) : v;
        }

        private sbyte Tone(int value) =>
            value == _brightest ? White : (_darkIsLow ? value < _middle : value > _middle) ? Dark : (sbyte)0;
    }

    /// <summary>Rows <see cref="FirstRow"/>.. of a frame, held in <see cref="Data"/> from byte <see cref="Origin"/> of the frame.</summary>
    private sealed record Band(byte[] Data, PixelDataInfo Info, int Origin, int FirstRow, int Count);
}
