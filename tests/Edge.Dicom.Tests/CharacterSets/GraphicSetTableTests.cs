using System.Text;
using Edge.Dicom.Data;
using Edge.Testing;

namespace Edge.Dicom.Tests.CharacterSets;

/// <summary>
/// The tables behind each set: every character encodes and decodes back, and they read bytes as glibc's iconv does
/// (the converter DCMTK uses), so our text agrees with DCMTK's.
/// </summary>
public sealed class GraphicSetTableTests
{
    public static TheoryData<string> Sets() => new("JisX0208", "JisX0212", "KsX1001", "Gb2312");

    private static GraphicSet Set(string name) => name switch
    {
        "JisX0208" => GraphicSet.JisX0208,
        "JisX0212" => GraphicSet.JisX0212,
        "KsX1001" => GraphicSet.KsX1001,
        _ => GraphicSet.Gb2312,
    };

    private static (ushort Start, string Chars)[] Runs(string name) => name switch
    {
        "JisX0208" => MultiByteTables.JisX0208,
        "JisX0212" => MultiByteTables.JisX0212,
        "KsX1001" => MultiByteTables.KsX1001,
        _ => MultiByteTables.Gb2312,
    };

    private static IEnumerable<(int Code, char Char)> Entries(string name)
    {
        foreach (var (start, chars) in Runs(name))
        {
            for (var i = 0; i < chars.Length; i++)
            {
                yield return (start + i, chars[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Given_every_character_of_a_set_When_encoded_Then_its_code_decodes_back_to_it(string name)
    {
        var set = Set(name);
        var entries = Entries(name).ToList();

        entries.Should().OnlyContain(e => set.Decode(e.Code) == e.Char);
        entries.Should().OnlyContain(e => EncodesTo(set, e.Char, e.Code));
        entries.Should().OnlyContain(e => e.Char >= 0x80, "ASCII is never taken from a double-byte set");
    }

    private static bool EncodesTo(GraphicSet set, char c, int expected) => set.TryEncode(c, out var code) && code == expected;

    [SkippableTheory]
    [MemberData(nameof(Sets))]
    public void Given_a_generated_table_When_its_codes_are_converted_by_iconv_Then_the_characters_agree(string name)
    {
        ExternalTool.Require("iconv");
        var (charset, prefix) = name switch
        {
            "JisX0208" => ("EUC-JP", Array.Empty<byte>()),
            "JisX0212" => ("EUC-JP", new byte[] { 0x8F }),
            "KsX1001" => ("EUC-KR", Array.Empty<byte>()),
            _ => ("GB2312", Array.Empty<byte>()),
        };
        var entries = Entries(name).ToList();
        using var dir = new TempDirectory();
        var path = dir.Combine("codes.txt");
        using (var file = File.Create(path))
        {
            foreach (var (code, _) in entries)
            {
                file.Write(prefix);
                file.Write([(byte)((code >> 8) | 0x80), (byte)((code & 0xFF) | 0x80), (byte)'\n']);
            }
        }

        var result = ExternalTool.Run("iconv", "-f", charset, "-t", "UTF-8", path);

        result.ExitCode.Should().Be(0, result.StdErr);
        var lines = result.StdOut.Split('\n')[..entries.Count];
        lines.Should().Equal(entries.Select(e => e.Char.ToString()));
    }

    public static TheoryData<string> SingleByteSets() => new(
        "ISO-8859-1", "ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5", "ISO-8859-6", "ISO-8859-7", "ISO-8859-8",
        "ISO-8859-9", "TIS-620", "SHIFT_JIS");

    private static GraphicSet SingleByteSet(string iconvName) => iconvName switch
    {
        "ISO-8859-1" => GraphicSet.Latin1,
        "ISO-8859-2" => GraphicSet.Latin2,
        "ISO-8859-3" => GraphicSet.Latin3,
        "ISO-8859-4" => GraphicSet.Latin4,
        "ISO-8859-5" => GraphicSet.Cyrillic,
        "ISO-8859-6" => GraphicSet.Arabic,
        "ISO-8859-7" => GraphicSet.Greek,
        "ISO-8859-8" => GraphicSet.Hebrew,
        "ISO-8859-9" => GraphicSet.Latin5,
        "TIS-620" => GraphicSet.Thai,
        // glibc has no JIS X 0201 of its own; Shift_JIS holds its katakana at the same single bytes.
        _ => GraphicSet.JisKatakana,
    };

    [SkippableTheory]
    [MemberData(nameof(SingleByteSets))]
    public void Given_a_single_byte_set_When_its_upper_half_is_converted_by_iconv_Then_the_characters_agree(string iconvName)
    {
        ExternalTool.Require("iconv");
        var set = SingleByteSet(iconvName);
        var defined = Enumerable.Range(0xA0, 0x60).Where(b => set.Decode(b & 0x7F) != '\uFFFD').ToList();
        using var dir = new TempDirectory();
        var path = dir.Combine("bytes.txt");
        File.WriteAllBytes(path, defined.SelectMany(b => new[] { (byte)b, (byte)'\n' }).ToArray());

        var result = ExternalTool.Run("iconv", "-f", iconvName, "-t", "UTF-8", path);

        result.ExitCode.Should().Be(0, result.StdErr);
        result.StdOut.Split('\n')[..defined.Count].Should().Equal(defined.Select(b => set.Decode(b & 0x7F).ToString()));
        foreach (var b in Enumerable.Range(0xA0, 0x60).Except(defined))
        {
            File.WriteAllBytes(path, [(byte)b]);
            ExternalTool.Run("iconv", "-f", iconvName, "-t", "UTF-8", path).ExitCode
                .Should().NotBe(0, $"{b:X2} is undefined in our {iconvName} table, so iconv must reject it too");
        }
    }
}
