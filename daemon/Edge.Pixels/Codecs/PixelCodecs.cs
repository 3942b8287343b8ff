using Edge.Dicom.Data;
using Edge.Pixels.Codecs.Jpeg;
using Edge.Pixels.Codecs.Jpeg2000;
using Edge.Pixels.Codecs.JpegLs;

namespace Edge.Pixels.Codecs;

/// <summary>The codec for each encapsulated transfer syntax Edge decodes.</summary>
public static class PixelCodecs
{
    private static readonly IPixelCodec[] s_all = [new RleCodec(), new JpegCodec(), new OpenJpegCodec(), new CharLsCodec()];

    public static IReadOnlyList<IPixelCodec> All => s_all;

    /// <summary>The codec for <paramref name="syntax"/>, or null when none (native syntaxes, MPEG, JPEG XL…).</summary>
    public static IPixelCodec? Find(TransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return s_all.FirstOrDefault(c => c.TransferSyntaxes.Contains(syntax));
    }

    /// <exception cref="UnsupportedPixelDataException">No codec for this syntax.</exception>
    public static IPixelCodec Get(TransferSyntax syntax) =>
        Find(syntax) ?? throw new UnsupportedPixelDataException($"No pixel codec for {syntax.Name}");
}
