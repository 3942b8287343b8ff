using Edge.Dicom.Data;
using Edge.Pixels.Codecs;

namespace Edge.Pixels.Frames;

/// <summary>
/// Native frames of an image whatever its syntax: frames are read from their source and decoded one at a time.
/// </summary>
public sealed class PixelFrames
{
    private PixelFrames(IFrameSource source, IPixelCodec? codec)
    {
        Source = source;
        Codec = codec;
        FrameInfo = codec?.DecodedInfo(source.Info, source.TransferSyntax) ?? source.Info;
    }

    public IFrameSource Source { get; }

    /// <summary>The codec of an encapsulated syntax; null for native data.</summary>
    public IPixelCodec? Codec { get; }

    /// <summary>The layout of the frames <see cref="GetFrame"/> returns.</summary>
    public PixelDataInfo FrameInfo { get; }

    public int FrameCount => Source.FrameCount;

    /// <exception cref="UnsupportedPixelDataException">No codec for the syntax.</exception>
    public static PixelFrames Open(DicomDataset dataset, TransferSyntax syntax)
    {
        var source = FrameSource.Open(dataset, syntax);
        return new PixelFrames(source, syntax.IsEncapsulated ? PixelCodecs.Get(syntax) : null);
    }

    public static PixelFrames Open(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Open(file.Dataset, file.TransferSyntax);
    }

    /// <summary>Frame <paramref name="index"/> as native bytes laid out as <see cref="FrameInfo"/>.</summary>
    public byte[] GetFrame(int index)
    {
        var stored = Source.ReadFrame(index);
        return Codec is null ? stored : Codec.Decode(stored, Source.Info, Source.TransferSyntax);
    }
}
