using Edge.Dicom.Data;

namespace Edge.Dicom.Tests.CharacterSets;

public sealed class FromTermsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Given_only_empty_terms_When_resolved_Then_the_default_repertoire_is_used(int count)
    {
        var terms = Enumerable.Repeat(" \0", count).ToArray();

        DicomCharacterSet.FromTerms(terms).Should().BeSameAs(DicomCharacterSet.Default);
    }

    [Fact]
    public void Given_the_same_terms_twice_When_resolved_Then_the_instance_is_shared()
    {
        var first = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);
        var second = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        second.Should().BeSameAs(first);
    }

    [Fact]
    public void Given_terms_padded_with_spaces_and_NULs_When_resolved_Then_they_read_as_the_bare_terms()
    {
        var set = DicomCharacterSet.FromTerms([" ISO_IR 100\0", "\t"]);

        set.Terms.Should().Equal("ISO_IR 100", "");
        set.IsFallback.Should().BeFalse();
        set.Warning.Should().BeNull();
        set.Decode([0xE9], DicomVR.PN).Should().Be("é");
    }

    [Fact]
    public void Given_an_empty_first_term_When_resolved_Then_G0_is_ASCII_and_later_terms_are_extensions()
    {
        var set = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);

        set.Terms.Should().Equal("", "ISO 2022 IR 149");
        set.IsFallback.Should().BeFalse();
        set.Encode("A홍", DicomVR.LO).Should().Equal(0x41, 0x1B, 0x24, 0x29, 0x43, 0xC8, 0xAB);
    }

    [Fact]
    public void Given_an_unknown_term_When_resolved_Then_it_falls_back_to_the_default_repertoire_with_a_warning()
    {
        var set = DicomCharacterSet.FromTerms(["ISO_IR 999"]);

        set.IsFallback.Should().BeTrue();
        set.Warning.Should().Contain("ISO_IR 999");
        set.Decode([0x41, 0xE9], DicomVR.PN).Should().Be("Aé");
        set.Encode("Aé", DicomVR.PN).Should().Equal(0x41, (byte)'?');
    }

    [Fact]
    public void Given_an_unknown_extension_term_When_resolved_Then_it_is_ignored_with_a_warning()
    {
        var set = DicomCharacterSet.FromTerms(["ISO 2022 IR 100", "ISO 2022 IR 999"]);

        set.IsFallback.Should().BeTrue();
        set.Warning.Should().Contain("ISO 2022 IR 999");
        set.Decode([0xE9], DicomVR.LO).Should().Be("é");
    }

    [Theory]
    [InlineData("ISO-IR 100")]
    [InlineData("iso_ir100")]
    [InlineData("ISO IR 100")]
    public void Given_a_misspelled_term_When_resolved_Then_it_reads_as_the_standard_term_with_a_warning(string term)
    {
        var set = DicomCharacterSet.FromTerms([term]);

        set.IsFallback.Should().BeFalse();
        set.Warning.Should().Contain("ISO_IR 100");
        set.Decode([0xE9], DicomVR.PN).Should().Be("é");
    }

    [Fact]
    public void Given_UTF8_with_extensions_When_resolved_Then_UTF8_is_used_and_the_extensions_are_ignored()
    {
        var set = DicomCharacterSet.FromTerms(["ISO_IR 192", "ISO 2022 IR 87"]);

        set.IsFallback.Should().BeTrue();
        set.Warning.Should().Contain("ISO_IR 192");
        set.Decode([0xC3, 0xA9], DicomVR.PN).Should().Be("é");
    }

    [Fact]
    public void Given_a_multi_byte_set_as_value_1_When_resolved_Then_it_extends_the_default_repertoire()
    {
        var set = DicomCharacterSet.FromTerms(["ISO 2022 IR 87"]);

        set.IsFallback.Should().BeFalse();
        set.Warning.Should().Contain("value 1");
        set.Encode("山", DicomVR.PN).Should().Equal(0x1B, 0x24, 0x42, 0x3B, 0x33, 0x1B, 0x28, 0x42);
    }

    [Fact]
    public void Given_ISO_IR_spellings_in_a_multi_valued_attribute_When_resolved_Then_they_act_as_ISO_2022_terms()
    {
        // "ISO_IR 13\ISO 2022 IR 87" is common in Japanese archives.
        var set = DicomCharacterSet.FromTerms(["ISO_IR 13", "ISO 2022 IR 87"]);
        var h32 = CharacterSetExamples.Named("H.3.2 ISO 2022 IR 13 and IR 87");

        set.IsFallback.Should().BeFalse();
        set.Warning.Should().BeNull();
        set.Decode(h32.Bytes, DicomVR.PN).Should().Be(h32.Text);
    }
}
