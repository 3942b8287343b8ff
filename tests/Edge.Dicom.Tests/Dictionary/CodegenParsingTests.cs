using Edge.Codegen.Parsing;

namespace Edge.Dicom.Tests.Dictionary;

/// <summary>The generator's readers for the standard's tag notation and TCIA's oddly quoted signature patterns.</summary>
public class CodegenParsingTests
{
    [Theory]
    [InlineData("(0010,0010)", 0x00100010u, 0xFFFFFFFFu)]
    [InlineData("(60XX,3000)", 0x60003000u, 0xFF01FFFFu)]
    [InlineData("(50XX,XXXX)", 0x50000000u, 0xFF010000u)]
    [InlineData("(0028,04X2)", 0x00280402u, 0xFFFFFF0Fu)]
    [InlineData("(1010,XXXX)", 0x10100000u, 0xFFFF0000u)]
    [InlineData(" (0020,31XX) ", 0x00203100u, 0xFFFFFF00u)]
    public void Given_a_tag_as_the_standard_writes_it_When_parsed_Then_x_digits_are_zero_in_tag_and_mask_and_repeating_groups_stay_even(
        string text, uint tag, uint mask)
    {
        TagPattern.Parse(text).Should().Be(new TagPattern(tag, mask));
    }

    [Fact]
    public void Given_a_top_level_pattern_missing_its_opening_quote_When_parsed_Then_the_creator_is_read_whole()
    {
        var path = TciaPrivateTagCsv.ParsePattern("(0019,SIEMENS MR HEADER\",0c)");

        path.Should().Equal(new SignatureComponent(0x0019, 0, "SIEMENS MR HEADER", 0x0C));
    }

    [Theory]
    [InlineData("(0019,HOLOGIC, Inc.\",02)", "HOLOGIC, Inc.")]
    [InlineData("(0021,0021,1000\",4f)", "0021,1000")]
    [InlineData("(0009,,02)", "")]
    [InlineData("(0019,\" SIEMENS CT VA0  COAD \",10)", "SIEMENS CT VA0  COAD")]
    public void Given_a_creator_with_commas_or_padding_or_none_When_parsed_Then_it_is_read_trimmed(string pattern, string creator)
    {
        TciaPrivateTagCsv.ParsePattern(pattern).Single().Creator.Should().Be(creator);
    }

    [Fact]
    public void Given_a_nested_pattern_When_parsed_and_joined_Then_components_and_item_markers_come_back_normalised()
    {
        const string pattern = "(0029,SIEMENS SYNGO ADVANCED PRESENTATION\",02)[<0>](0029,\"SIEMENS SYNGO ADVANCED PRESENTATION\",a9)[<1>](0028,1054)";

        var path = TciaPrivateTagCsv.ParsePattern(pattern);

        path.Should().HaveCount(3);
        path[2].Should().Be(new SignatureComponent(0x0028, 0x1054, null, 0));
        path[2].IsPrivateData.Should().BeFalse();
        Signatures.Join(path).Should().Be(
            "(0029,\"SIEMENS SYNGO ADVANCED PRESENTATION\",02)[<0>](0029,\"SIEMENS SYNGO ADVANCED PRESENTATION\",a9)[<1>](0028,1054)");
    }

    [Theory]
    [InlineData("(0019,X\",0c")]
    [InlineData("(0008,1084)[<1>](312f,\"A\",10)")]
    [InlineData("")]
    public void Given_a_malformed_pattern_When_parsed_Then_the_generator_stops_with_a_format_error(string pattern)
    {
        var parse = () => TciaPrivateTagCsv.ParsePattern(pattern);

        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void Given_csv_with_a_bom_quotes_and_crlf_When_parsed_Then_fields_are_unquoted()
    {
        var records = Csv.Parse("\uFEFFa,b\r\n\"(0019,\"\"X, Y\"\",0c)\",\"\"\r\n");

        records.Should().HaveCount(2);
        records[0].Should().Equal("a", "b");
        records[1].Should().Equal("(0019,\"X, Y\",0c)", "");
    }
}
