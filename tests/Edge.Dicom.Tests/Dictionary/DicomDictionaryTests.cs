using Edge.Dicom.Data;

namespace Edge.Dicom.Tests.Dictionary;

public class DicomDictionaryTests
{
    [Fact]
    public void Given_the_patient_name_tag_When_looked_up_Then_the_entry_is_PatientName_with_VR_PN()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0010, 0x0010));

        entry.Should().NotBeNull();
        entry!.Keyword.Should().Be("PatientName");
        entry.Name.Should().Be("Patient's Name");
        entry.VRs.Should().Equal(DicomVR.PN);
        entry.Retired.Should().BeFalse();
    }

    [Fact]
    public void Given_the_keyword_PixelData_When_looked_up_Then_the_tag_is_7FE0_0010_with_VRs_OB_or_OW()
    {
        var entry = DicomDictionary.Lookup("PixelData");

        entry.Should().NotBeNull();
        entry!.Tag.Should().Be(new DicomTag(0x7FE0, 0x0010));
        entry.VRs.Should().Equal(DicomVR.OB, DicomVR.OW);
        DicomTags.PixelData.Should().Be(new DicomTag(0x7FE0, 0x0010));
    }

    [Fact]
    public void Given_overlay_data_in_group_6002_When_looked_up_Then_the_60XX_entry_OverlayData_matches()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x6002, 0x3000));

        entry.Should().NotBeNull();
        entry!.Keyword.Should().Be("OverlayData");
        entry.Tag.Should().Be(new DicomTag(0x6000, 0x3000));
        entry.IsRepeating.Should().BeTrue();
    }

    [Fact]
    public void Given_a_private_element_in_odd_group_6001_When_looked_up_Then_no_overlay_entry_matches()
    {
        DicomDictionary.Lookup(new DicomTag(0x6001, 0x3000)).Should().BeNull();
    }

    [Fact]
    public void Given_a_curve_element_in_group_5004_When_looked_up_Then_the_retired_50XX_entry_NumberOfPoints_matches()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x5004, 0x0010));

        entry.Should().NotBeNull();
        entry!.Keyword.Should().Be("NumberOfPoints");
        entry.VRs.Should().Equal(DicomVR.US);
        entry.Retired.Should().BeTrue();
    }

    [Fact]
    public void Given_0028_0412_When_looked_up_Then_the_0028_04X2_entry_CoefficientCoding_matches()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0028, 0x0412));

        entry.Should().NotBeNull();
        entry!.Keyword.Should().Be("CoefficientCoding");
        entry.Tag.Should().Be(new DicomTag(0x0028, 0x0402));
        entry.VRs.Should().Equal(DicomVR.LO);
    }

    [Fact]
    public void Given_a_VR_written_US_or_SS_or_OW_When_looked_up_Then_all_three_alternatives_are_kept_in_order()
    {
        DicomDictionary.Lookup(new DicomTag(0x0028, 0x1200))!.VRs.Should().Equal(DicomVR.US, DicomVR.SS, DicomVR.OW);
    }

    [Fact]
    public void Given_the_item_tag_whose_VR_is_See_Note_2_When_looked_up_Then_it_has_no_VR()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0xFFFE, 0xE000));

        entry.Should().NotBeNull();
        entry!.Keyword.Should().Be("Item");
        entry.VRs.Should().BeEmpty();
    }

    [Fact]
    public void Given_the_whole_dictionary_When_counted_Then_every_PS3_6_entry_is_present_including_those_without_keyword()
    {
        DicomDictionary.Entries.Should().HaveCount(5129);
        DicomDictionary.Lookup(new DicomTag(0x0018, 0x0061))!.Keyword.Should().BeEmpty();
    }

    [Fact]
    public void Given_a_Siemens_MR_header_element_When_looked_up_by_creator_Then_the_knowledge_base_VR_IS_is_returned_whatever_the_block()
    {
        var inBlock10 = DicomDictionary.LookupPrivate("SIEMENS MR HEADER", new DicomTag(0x0019, 0x100C));
        var inBlock11 = DicomDictionary.LookupPrivate("SIEMENS MR HEADER ", new DicomTag(0x0019, 0x110C));

        inBlock10.Should().NotBeNull();
        inBlock10!.VR.Should().Be(DicomVR.IS);
        inBlock10.Name.Should().Be("B Value");
        inBlock11.Should().Be(inBlock10);
    }

    [Fact]
    public void Given_a_creator_the_knowledge_base_does_not_know_When_looked_up_Then_there_is_no_entry()
    {
        DicomDictionary.LookupPrivate("NO SUCH CREATOR", new DicomTag(0x0019, 0x100C)).Should().BeNull();
    }
}
