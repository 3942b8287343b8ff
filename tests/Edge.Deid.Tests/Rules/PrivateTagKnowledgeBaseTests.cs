using Edge.Deid.Rules;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.Rules;

public class PrivateTagKnowledgeBaseTests
{
    private static readonly PrivateTagKnowledgeBase s_kb = TciaPrivateTagKb.Instance;

    [Fact]
    public void Given_the_tcia_knowledge_base_When_loaded_Then_its_edition_is_2024_02_01_and_paths_are_unique()
    {
        s_kb.Edition.Should().Be("2024-02-01");
        s_kb.Rules.Should().NotBeEmpty();
        s_kb.Rules.Select(r => r.Path).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Given_the_Siemens_B_value_at_top_level_When_looked_up_in_any_block_Then_it_is_safe_to_keep()
    {
        var rule = s_kb.Lookup("SIEMENS MR HEADER", new DicomTag(0x0019, 0x120C));

        rule.Should().NotBeNull();
        rule!.Disposition.Should().Be(PrivateDisposition.Keep);
        rule.VR.Should().Be(DicomVR.IS);
        rule.Name.Should().Be("B Value");
        rule.Path.Should().Be("(0019,\"SIEMENS MR HEADER\",0c)");
    }

    [Fact]
    public void Given_a_private_uid_When_looked_up_Then_it_is_to_be_hashed()
    {
        s_kb.Lookup("GEMS_IDEN_01", new DicomTag(0x0009, 0x10E3))!.Disposition.Should().Be(PrivateDisposition.HashUid);
    }

    [Fact]
    public void Given_a_private_date_time_When_looked_up_Then_it_is_to_be_offset()
    {
        s_kb.Lookup("GEMS_PETD_01", new DicomTag(0x0009, 0x1005))!.Disposition.Should().Be(PrivateDisposition.OffsetDate);
        s_kb.Lookup("GEMS_IDEN_01", new DicomTag(0x0009, 0x1027))!.Disposition.Should().Be(PrivateDisposition.OffsetInteger);
    }

    [Fact]
    public void Given_an_element_nested_in_private_sequences_When_looked_up_with_its_enclosing_path_Then_the_nested_rule_is_found()
    {
        const string creator = "SIEMENS SYNGO ADVANCED PRESENTATION";
        var path = PrivateTagPath.Root
            .Enter(new DicomTag(0x0029, 0x1102), creator)
            .Enter(new DicomTag(0x0029, 0x11A9), creator);

        var rule = s_kb.Lookup("SIEMENS SYNGO INDEX SERVICE", new DicomTag(0x0009, 0x1050), path);

        path.Depth.Should().Be(2);
        rule.Should().NotBeNull();
        rule!.Name.Should().Be("Hidden Instance");
        rule.Disposition.Should().Be(PrivateDisposition.Keep);
        s_kb.Lookup("SIEMENS SYNGO INDEX SERVICE", new DicomTag(0x0009, 0x1050)).Should().BeNull("the rule holds only where it is nested");
    }

    [Fact]
    public void Given_an_element_nested_in_a_public_sequence_When_looked_up_with_that_path_Then_the_rule_is_found()
    {
        var path = PrivateTagPath.Root.Enter(new DicomTag(0x0008, 0x1084), creator: null);

        var rule = s_kb.Lookup("Ramsoft Diagnosis Datetime Identifier", new DicomTag(0x312F, 0x1010), path);

        path.Signature.Should().Be("(0008,1084)[<0>]");
        rule.Should().NotBeNull();
        rule!.Disposition.Should().Be(PrivateDisposition.Delete);
    }

    [Fact]
    public void Given_a_creator_with_a_comma_and_padding_When_looked_up_Then_it_is_found()
    {
        s_kb.Lookup("HOLOGIC, Inc. ", new DicomTag(0x0019, 0x1005))!.Disposition.Should().Be(PrivateDisposition.Keep);
    }

    [Fact]
    public void Given_an_unknown_or_non_private_element_When_looked_up_Then_there_is_no_rule()
    {
        s_kb.Lookup("NO SUCH CREATOR", new DicomTag(0x0019, 0x100C)).Should().BeNull();
        s_kb.Lookup("SIEMENS MR HEADER", new DicomTag(0x0019, 0x0010)).Should().BeNull("a creator element is not private data");
    }

    [Theory]
    [InlineData("k", PrivateDisposition.Keep)]
    [InlineData(" k", PrivateDisposition.Keep)]
    [InlineData("K", PrivateDisposition.Keep)]
    [InlineData("d", PrivateDisposition.Delete)]
    [InlineData("D", PrivateDisposition.Delete)]
    [InlineData("h", PrivateDisposition.HashUid)]
    [InlineData("o", PrivateDisposition.OffsetDate)]
    [InlineData("oi", PrivateDisposition.OffsetInteger)]
    [InlineData("na", PrivateDisposition.NotApplicable)]
    [InlineData("", PrivateDisposition.Delete)]
    [InlineData("?", PrivateDisposition.Delete)]
    [InlineData(null, PrivateDisposition.Delete)]
    public void Given_a_disposition_code_When_parsed_Then_variants_are_read_alike_and_unknowns_fail_closed(string? code, PrivateDisposition expected)
    {
        PrivateDispositions.Parse(code).Should().Be(expected);
    }

    [Fact]
    public void Given_a_rule_whose_path_does_not_end_with_its_element_When_a_knowledge_base_is_built_Then_it_is_rejected()
    {
        var bad = new PrivateTagRule("A", 0x0019, 0x10, DicomVR.LO, PrivateDisposition.Keep, "x", "(0019,\"B\",10)");

        var build = () => new PrivateTagKnowledgeBase("test", [bad]);

        build.Should().Throw<ArgumentException>();
    }
}
