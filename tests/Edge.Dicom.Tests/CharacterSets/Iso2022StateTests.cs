using Edge.Dicom.Data;

namespace Edge.Dicom.Tests.CharacterSets;

/// <summary>Where the ISO 2022 state returns to value 1's sets (PS3.5 6.1.2.5.3), and where it must not.</summary>
public sealed class Iso2022StateTests
{
    private static readonly DicomCharacterSet s_korean = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);
    private static readonly DicomCharacterSet s_japanese = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

    // ESC $ ) C, then 洪 (FB F3), a delimiter, then the same two bytes without a new designation.
    private static readonly byte[] s_koreanAcrossDelimiter = [0x1B, 0x24, 0x29, 0x43, 0xFB, 0xF3, 0x00, 0xFB, 0xF3];

    private static byte[] KoreanAcross(char delimiter)
    {
        var bytes = (byte[])s_koreanAcrossDelimiter.Clone();
        bytes[6] = (byte)delimiter;
        return bytes;
    }

    [Theory]
    [InlineData('^')]
    [InlineData('=')]
    [InlineData('\\')]
    public void Given_a_PN_value_When_a_delimiter_follows_a_designation_Then_G1_returns_to_the_initial_state(char delimiter)
    {
        var text = s_korean.Decode(KoreanAcross(delimiter), DicomVR.PN);

        // G1 starts empty, so the bytes after the delimiter are no longer Korean (they read as Latin-1).
        text.Should().Be($"洪{delimiter}ûó");
    }

    [Theory]
    [InlineData('^')]
    [InlineData('=')]
    public void Given_a_LO_value_When_a_PN_delimiter_follows_a_designation_Then_the_state_is_kept(char delimiter)
    {
        var text = s_korean.Decode(KoreanAcross(delimiter), DicomVR.LO);

        text.Should().Be($"洪{delimiter}洪");
    }

    [Fact]
    public void Given_a_LO_value_When_a_backslash_follows_a_designation_Then_G1_returns_to_the_initial_state()
    {
        s_korean.Decode(KoreanAcross('\\'), DicomVR.LO).Should().Be("洪\\ûó");
    }

    [Theory]
    [InlineData(DicomVR.LT)]
    [InlineData(DicomVR.ST)]
    [InlineData(DicomVR.UT)]
    public void Given_a_single_valued_text_VR_When_a_backslash_follows_a_designation_Then_the_state_is_kept(DicomVR vr)
    {
        s_korean.Decode(KoreanAcross('\\'), vr).Should().Be("洪\\洪");
    }

    [Theory]
    [InlineData('\r')]
    [InlineData('\n')]
    [InlineData('\f')]
    [InlineData('\t')]
    public void Given_text_When_a_control_character_follows_a_designation_Then_G1_returns_to_the_initial_state(char control)
    {
        s_korean.Decode(KoreanAcross(control), DicomVR.LT).Should().Be($"洪{control}ûó");
    }

    [Fact]
    public void Given_double_byte_G0_When_a_character_holds_delimiter_bytes_Then_they_are_not_delimiters()
    {
        // ＋ is 21/5C and ソ is 25/3D in JIS X 0208: halves of characters, not '\' or '='.
        byte[] bytes = [0x1B, 0x24, 0x42, 0x21, 0x5C, 0x25, 0x3D, 0x1B, 0x28, 0x42];

        s_japanese.Decode(bytes, DicomVR.PN).Should().Be("＋ソ");
    }

    [Fact]
    public void Given_double_byte_G0_When_a_control_character_interrupts_Then_ASCII_resumes_after_it()
    {
        // 山 then CR LF without switching back: the next line starts in ASCII again.
        byte[] bytes = [0x1B, 0x24, 0x42, 0x3B, 0x33, 0x0D, 0x0A, 0x3B, 0x33];

        s_japanese.Decode(bytes, DicomVR.LT).Should().Be("山\r\n;3");
    }

    [Fact]
    public void Given_text_with_delimiters_When_encoded_Then_each_component_designates_its_set_again()
    {
        var bytes = s_korean.Encode("홍^홍\r\n홍", DicomVR.PN);

        Convert.ToHexString(bytes).Should().Be("1B242943C8AB5E1B242943C8AB0D0A1B242943C8AB");
    }

    [Fact]
    public void Given_double_byte_G0_When_ASCII_follows_Then_the_encoder_switches_back_first()
    {
        var bytes = s_japanese.Encode("山 A", DicomVR.LO);

        Convert.ToHexString(bytes).Should().Be("1B24423B331B28422041");
    }

    [Fact]
    public void Given_an_unknown_escape_sequence_When_decoded_Then_its_bytes_stay_in_the_text()
    {
        byte[] bytes = [(byte)'A', 0x1B, 0x25, 0x47, (byte)'B'];

        var text = s_japanese.Decode(bytes, DicomVR.LO);

        text.Should().Be("A\u001B%GB");
        s_japanese.Encode(text, DicomVR.LO).Should().Equal(bytes);
    }

    [Fact]
    public void Given_a_designation_not_declared_When_decoded_Then_the_set_is_still_read()
    {
        // Writers forget to declare extensions; reading what the escape says beats printing mojibake.
        byte[] bytes = [0x1B, 0x24, 0x42, 0x3B, 0x33, 0x1B, 0x28, 0x42];

        DicomCharacterSet.FromTerms(["ISO_IR 100"]).Decode(bytes, DicomVR.PN).Should().Be("山");
    }

    [Fact]
    public void Given_a_truncated_double_byte_character_When_decoded_Then_it_becomes_a_replacement_character()
    {
        byte[] bytes = [0x1B, 0x24, 0x29, 0x43, 0xC8, 0xAB, 0xC8];

        s_korean.Decode(bytes, DicomVR.LO).Should().Be("홍\uFFFD");
    }
}
