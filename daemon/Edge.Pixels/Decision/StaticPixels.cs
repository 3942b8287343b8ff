using Edge.Pixels.Masking;
using Edge.Pixels.Rendering;

namespace Edge.Pixels.Decision;

/// <summary>
/// Pixels that never change across the frames of a cine loop: overlays (names, dates, scales) stay put while the
/// anatomy moves. Frames are fed one at a time and compared with the first, so only two frames are ever held.
/// </summary>
internal sealed class StaticPixels
{
    private readonly PixelDataInfo _info;
    private readonly byte[] _reference;
    private readonly bool[] _changed;

    public StaticPixels(PixelDataInfo info, byte[] first)
    {
        _info = info;
        _reference = first;
        _changed = new bool[info.PixelCount];
    }

    /// <summary>Share of the pixels that have not changed so far.</summary>
    public double StaticFraction => 1 - (double)_changed.Count(c => c) / _changed.Length;

    public void Add(byte[] frame)
    {
        var samples = _info.SamplesPerPixel;
        var bytes = _info.BytesPerSample;
        for (var y = 0; y < _info.Rows; y++)
        {
            for (var x = 0; x < _info.Columns; x++)
            {
                var p = y * _info.Columns + x;
                if (_changed[p])
                {
                    continue;
                }
                for (var c = 0; c < samples; c++)
                {
                    var o = NativeSamples.Offset(_info, x, y, c);
                    if (!frame.AsSpan(o, bytes).SequenceEqual(_reference.AsSpan(o, bytes)))
                    {
                        _changed[p] = true;
                        break;
                    }
                }
            }
        }
    }

    /// <summary>The grey view of the first frame with every pixel that changed made black: the overlay alone.</summary>
    public GreyImage Overlay(GreyImage first)
    {
        var pixels = (byte[])first.Pixels.Clone();
        for (var p = 0; p < pixels.Length; p++)
        {
            if (_changed[p])
            {
                pixels[p] = 0;
            }
        }
        return new GreyImage(first.Width, first.Height, pixels);
    }
}
