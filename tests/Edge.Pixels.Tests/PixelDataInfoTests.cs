using System.Text;
using Edge.Dicom.Data;

namespace Edge.Pixels.Tests;

public sealed class PixelDataInfoTests
{
    [Fact]
    public void Given_a_complete_monochrome_dataset_When_read_Then_every_attribute_is_taken()
    {
        var ds = Image(rows: 512, columns: 256, samples: 1, allocated: 16, stored: 12, photometric: "MONOCHROME2");
        ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "4");
        ds.SetUInt16(DicomTags.PixelRepresentation, 1);

        var info = PixelDataInfo.FromDataset(ds);

        info.Should().BeEquivalentTo(new
        {
            Rows = 512, Columns = 256, SamplesPerPixel = 1, BitsAllocated = 16, BitsStored = 12, HighBit = 11,
            IsSigned = true, Photometric = Photometric.Monochrome2, NumberOfFrames = 4, FrameLength = 512 * 256 * 2,
        });
    }

    [Fact]
    public void Given_attributes_read_as_UN_from_implicit_VR_When_read_Then_they_are_decoded_by_their_standard_VR()
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(DicomTags.Rows, DicomVR.UN, new byte[] { 0x10, 0x00 }));
        ds.Set(new DicomValueElement(DicomTags.Columns, DicomVR.UN, new byte[] { 0x20, 0x00 }));
        ds.Set(new DicomValueElement(DicomTags.SamplesPerPixel, DicomVR.UN, new byte[] { 0x01, 0x00 }));
        ds.Set(new DicomValueElement(DicomTags.BitsAllocated, DicomVR.UN, new byte[] { 0x08, 0x00 }));
        ds.Set(new DicomValueElement(DicomTags.PhotometricInterpretation, DicomVR.UN, Encoding.ASCII.GetBytes("MONOCHROME1 ")));
        ds.Set(new DicomValueElement(DicomTags.NumberOfFrames, DicomVR.UN, Encoding.ASCII.GetBytes("12")));

        var info = PixelDataInfo.FromDataset(ds);

        (info.Rows, info.Columns, info.BitsStored, info.Photometric, info.NumberOfFrames).Should().Be((16, 32, 8, Photometric.Monochrome1, 12));
    }

    [Theory]
    [InlineData("Rows")]
    [InlineData("BitsAllocated")]
    [InlineData("PhotometricInterpretation")]
    public void Given_a_required_attribute_is_missing_When_read_Then_the_exception_names_it(string keyword)
    {
        var ds = Image(rows: 8, columns: 8, samples: 1, allocated: 8, stored: 8, photometric: "MONOCHROME2");
        ds.Remove(keyword switch
        {
            "Rows" => DicomTags.Rows,
            "BitsAllocated" => DicomTags.BitsAllocated,
            _ => DicomTags.PhotometricInterpretation,
        });

        var read = () => PixelDataInfo.FromDataset(ds);

        read.Should().Throw<InvalidPixelDataException>().Which.Attribute.Should().Be(keyword);
    }

    [Theory]
    [InlineData(16, 17, 1, "MONOCHROME2", "BitsStored")]
    [InlineData(16, 12, 3, "MONOCHROME2", "SamplesPerPixel")]
    [InlineData(8, 8, 1, "RGB", "SamplesPerPixel")]
    [InlineData(1, 1, 3, "RGB", "BitsAllocated")]
    [InlineData(16, 12, 1, "PALETTE COLOR", "RedPaletteColorLookupTableDescriptor")]
    public void Given_inconsistent_attributes_When_read_Then_the_exception_names_the_culprit(int allocated, int stored, int samples, string photometric, string culprit)
    {
        var ds = Image(rows: 8, columns: 8, samples: samples, allocated: allocated, stored: stored, photometric: photometric);

        var read = () => PixelDataInfo.FromDataset(ds);

        read.Should().Throw<InvalidPixelDataException>().Which.Attribute.Should().Be(culprit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("two")]
    public void Given_a_bad_number_of_frames_When_read_Then_NumberOfFrames_is_named(string frames)
    {
        var ds = Image(rows: 8, columns: 8, samples: 1, allocated: 8, stored: 8, photometric: "MONOCHROME2");
        ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, frames);

        var read = () => PixelDataInfo.FromDataset(ds);

        read.Should().Throw<InvalidPixelDataException>().Which.Attribute.Should().Be("NumberOfFrames");
    }

    [Theory]
    [InlineData("HSV", 3, 8)]
    [InlineData("MONOCHROME2", 1, 12)]
    [InlineData("ARGB", 4, 8)]
    public void Given_valid_but_unhandled_pixel_data_When_read_Then_it_is_reported_unsupported(string photometric, int samples, int allocated)
    {
        var ds = Image(rows: 8, columns: 8, samples: samples, allocated: allocated, stored: allocated, photometric: photometric);

        var read = () => PixelDataInfo.FromDataset(ds);

        read.Should().Throw<UnsupportedPixelDataException>();
    }

    [Fact]
    public void Given_a_palette_of_8_bit_entries_written_in_16_bit_words_When_read_Then_each_word_is_one_entry()
    {
        var ds = Image(rows: 2, columns: 2, samples: 1, allocated: 8, stored: 8, photometric: "PALETTE COLOR");
        foreach (var (descriptor, data) in new[] { (DicomTags.RedPaletteColorLookupTableDescriptor, DicomTags.RedPaletteColorLookupTableData),
                     (DicomTags.GreenPaletteColorLookupTableDescriptor, DicomTags.GreenPaletteColorLookupTableData), (DicomTags.BluePaletteColorLookupTableDescriptor, DicomTags.BluePaletteColorLookupTableData) })
        {
            ds.SetUInt16(descriptor, 4, 10, 8);
            ds.SetBytes(data, DicomVR.OW, new byte[] { 0, 0, 64, 0, 128, 0, 255, 0 });
        }

        var palette = PixelDataInfo.FromDataset(ds).Palette!;

        palette.Count.Should().Be(4);
        palette.FirstMapped.Should().Be(10);
        palette.Lookup8(12).Should().Be(((byte)128, (byte)128, (byte)128));
        palette.Lookup8(3).Should().Be(((byte)0, (byte)0, (byte)0), "values below the first mapped one take the first entry");
        palette.Lookup8(99).Should().Be(((byte)255, (byte)255, (byte)255), "values past the table take the last entry");
    }

    [Fact]
    public void Given_1_bit_data_When_its_frame_size_is_computed_Then_bits_are_packed_and_rounded_up()
    {
        var ds = Image(rows: 3, columns: 5, samples: 1, allocated: 1, stored: 1, photometric: "MONOCHROME2");

        var info = PixelDataInfo.FromDataset(ds);

        (info.FrameBits, info.FrameLength).Should().Be((15L, 2));
    }

    internal static DicomDataset Image(int rows, int columns, int samples, int allocated, int stored, string photometric)
    {
        var ds = new DicomDataset();
        ds.SetUInt16(DicomTags.Rows, (ushort)rows);
        ds.SetUInt16(DicomTags.Columns, (ushort)columns);
        ds.SetUInt16(DicomTags.SamplesPerPixel, (ushort)samples);
        ds.SetUInt16(DicomTags.BitsAllocated, (ushort)allocated);
        ds.SetUInt16(DicomTags.BitsStored, (ushort)stored);
        ds.SetUInt16(DicomTags.HighBit, (ushort)(stored - 1));
        ds.SetUInt16(DicomTags.PixelRepresentation, 0);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, photometric);
        return ds;
    }
}
