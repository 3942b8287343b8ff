using Edge.Dicom.Data;

namespace Edge.Dicom.Tests.Dictionary;

public class SopClassesTests
{
    [Fact]
    public void Given_the_CT_image_storage_uid_padded_with_NUL_When_looked_up_Then_it_is_a_storage_class_for_the_CT_Image_IOD()
    {
        var sop = SopClasses.Lookup("1.2.840.10008.5.1.4.1.1.2\0");

        sop.Should().NotBeNull();
        sop!.Name.Should().Be("CT Image Storage");
        sop.Iod.Should().Be("CT Image");
        sop.IsStorage.Should().BeTrue();
    }

    [Fact]
    public void Given_a_for_presentation_class_When_classified_Then_it_is_storage()
    {
        SopClasses.Lookup("1.2.840.10008.5.1.4.1.1.1.1")!.IsStorage.Should().BeTrue();
    }

    [Fact]
    public void Given_the_media_storage_directory_class_When_classified_Then_it_is_not_storage_because_DICOMDIRs_are_never_sent()
    {
        SopClasses.Lookup("1.2.840.10008.1.3.10")!.IsStorage.Should().BeFalse();
    }

    [Fact]
    public void Given_the_retired_macular_grid_report_whose_name_lacks_Storage_When_classified_Then_it_is_storage()
    {
        SopClasses.Lookup("1.2.840.10008.5.1.4.1.1.79.1")!.IsStorage.Should().BeTrue();
    }

    [Fact]
    public void Given_the_generated_list_When_counted_Then_all_175_classes_are_there_and_all_but_the_DICOMDIR_are_storage()
    {
        SopClasses.All.Should().HaveCount(175);
        SopClasses.Storage.Should().HaveCount(174);
        SopClasses.Storage.Should().OnlyContain(s => s.IsStorage);
    }

    [Fact]
    public void Given_an_unknown_uid_When_looked_up_Then_there_is_no_class()
    {
        SopClasses.Lookup("1.2.3.4").Should().BeNull();
    }
}
