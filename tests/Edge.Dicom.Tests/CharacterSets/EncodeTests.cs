using Edge.Dicom.Data;

namespace Edge.Dicom.Tests.CharacterSets;

/// <summary>Encoding never throws and never writes outside the declared repertoire: what does not fit becomes '?'.</summary>
public sealed class EncodeTests
{
    [Fact]
    public void Given_a_character_outside_a_single_byte_set_When_encoded_Then_it_becomes_a_question_mark()
    {
        DicomCharacterSet.FromTerms(["ISO_IR 100"]).Encode("A€山", DicomVR.LO).Should().Equal(0x41, 0x3F, 0x3F);
    }

    [Fact]
    public void Given_a_single_valued_set_When_a_character_needs_another_set_Then_no_escape_sequence_is_written()
    {
        // Without extensions declared (PS3.5 6.1.2.5.4 b), Greek cannot be reached from Latin-1.
        var bytes = DicomCharacterSet.FromTerms(["ISO_IR 100"]).Encode("é^Δ", DicomVR.PN);

        bytes.Should().Equal(0xE9, 0x5E, 0x3F);
    }

    [Fact]
    public void Given_the_default_repertoire_When_non_ASCII_text_is_encoded_Then_it_becomes_question_marks()
    {
        DicomCharacterSet.Default.Encode("Müller", DicomVR.PN).Should().Equal("M?ller"u8.ToArray());
    }

    [Fact]
    public void Given_ISO_2022_text_When_a_character_is_in_no_declared_set_Then_ASCII_is_restored_before_the_question_mark()
    {
        var bytes = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]).Encode("山é", DicomVR.LO);

        Convert.ToHexString(bytes).Should().Be("1B24423B331B28423F");
    }

    [Fact]
    public void Given_a_character_beyond_the_BMP_When_encoded_in_ISO_2022_Then_the_pair_becomes_one_question_mark()
    {
        DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]).Encode("a😀b", DicomVR.LO).Should().Equal("a?b"u8.ToArray());
    }

    [Fact]
    public void Given_a_lone_surrogate_When_encoded_in_UTF8_Then_it_becomes_a_question_mark()
    {
        DicomCharacterSet.FromTerms(["ISO_IR 192"]).Encode("a\uD800b", DicomVR.LO).Should().Equal("a?b"u8.ToArray());
    }

    [Fact]
    public void Given_text_for_a_VR_without_specific_character_set_When_encoded_Then_only_ASCII_is_written()
    {
        DicomCharacterSet.FromTerms(["ISO_IR 192"]).Encode("ÄB", DicomVR.CS).Should().Equal("?B"u8.ToArray());
    }

    [Fact]
    public void Given_bytes_of_a_VR_without_specific_character_set_When_decoded_Then_they_read_as_Latin1()
    {
        // CS, UI and friends hold the default repertoire whatever (0008,0005) says; stray high bytes are kept visible.
        DicomCharacterSet.FromTerms(["ISO_IR 192"]).Decode([0xC3, 0xA9], DicomVR.CS).Should().Be("Ã©");
    }

    [Fact]
    public void Given_bytes_a_set_leaves_undefined_When_decoded_Then_they_become_replacement_characters()
    {
        // A1 is undefined in ISO 8859-6 (Arabic).
        DicomCharacterSet.FromTerms(["ISO_IR 127"]).Decode([0x41, 0xA1], DicomVR.LO).Should().Be("A\uFFFD");
    }
}
