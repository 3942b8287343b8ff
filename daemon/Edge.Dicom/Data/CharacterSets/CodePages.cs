using System.Text;

namespace Edge.Dicom.Data;

/// <summary>
/// Code-page encodings (ISO 8859-x, Windows-874, GBK, GB18030) from <see cref="CodePagesEncodingProvider"/>, which
/// .NET ships but does not register: everything here that needs one asks this class, so registration comes first.
/// </summary>
internal static class CodePages
{
    public const int Gbk = 936;
    public const int Gb18030 = 54936;

    static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// An encoding that never throws: unencodable characters become '?', undecodable bytes U+FFFD.
    /// </summary>
    public static Encoding Get(int codePage) =>
        Encoding.GetEncoding(codePage, new EncoderReplacementFallback("?"), new DecoderReplacementFallback("\uFFFD"));
}
