using System.Buffers.Binary;
using Edge.Dicom.Data;
using Edge.Pixels.Rendering;

namespace Edge.Pixels.Tests.Rendering;

public sealed class GreyscaleRendererTests
{
    [Fact]
    public void Given_signed_CT_values_and_a_window_When_rendered_Then_the_window_maps_linearly_onto_0_255()
    {
        var info = Mono(16, 16, signed: true, Photometric.Monochrome2, columns: 4);
        // Stored values are Hounsfield units + 1024: -2048, 40, 440 and 3000 HU.
        var frame = Samples16(-1024, 1064, 1464, 4024);

        var view = GreyscaleRenderer.Render(frame, info, new DisplayParameters(1, -1024, 40, 800));

        view.Pixels.Should().Equal(0, 128, 255, 255);
    }

    [Fact]
    public void Given_a_dataset_with_several_windows_When_display_parameters_are_read_Then_the_first_window_and_the_rescale_apply()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.WindowCenter, DicomVR.DS, "40\\300");
        ds.SetString(DicomTags.WindowWidth, DicomVR.DS, "400\\1500");
        ds.SetString(DicomTags.RescaleIntercept, DicomVR.DS, "-1024");
        ds.SetString(DicomTags.RescaleSlope, DicomVR.DS, "1");

        DisplayParameters.FromDataset(ds).Should().Be(new DisplayParameters(1, -1024, 40, 400));
    }

    [Fact]
    public void Given_a_malformed_window_When_display_parameters_are_read_Then_the_window_is_ignored()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.WindowCenter, DicomVR.DS, "abc");
        ds.SetString(DicomTags.WindowWidth, DicomVR.DS, "400");

        DisplayParameters.FromDataset(ds).Should().Be(DisplayParameters.Identity);
    }

    [Fact]
    public void Given_no_window_When_rendered_Then_the_frames_own_range_is_stretched()
    {
        var info = Mono(16, 16, signed: false, Photometric.Monochrome2, columns: 3);

        var view = GreyscaleRenderer.Render(Samples16(1000, 2000, 3000), info);

        view.Pixels.Should().Equal(0, 128, 255);
    }

    [Fact]
    public void Given_MONOCHROME1_When_rendered_Then_low_values_are_bright()
    {
        var info = Mono(8, 8, signed: false, Photometric.Monochrome1, columns: 2);

        var view = GreyscaleRenderer.Render(new byte[] { 0, 255 }, info);

        view.Pixels.Should().Equal(255, 0);
    }

    [Fact]
    public void Given_signed_values_stored_in_fewer_bits_than_allocated_When_rendered_Then_they_are_sign_extended_from_bits_stored()
    {
        var info = Mono(16, 12, signed: true, Photometric.Monochrome2, columns: 3);
        // 0x0800 is -2048 in 12 bits; 0x07FF is 2047; high bits above bit 11 carry garbage.
        var frame = Samples16(0x0800, 0xF000, 0x07FF);

        var view = GreyscaleRenderer.Render(frame, info);

        view.Pixels.Should().Equal(0, 128, 255);
    }

    [Fact]
    public void Given_colour_frames_When_rendered_Then_each_gives_its_luminance()
    {
        var rgb = Color(Photometric.Rgb, planar: 0, columns: 2);
        var planar = Color(Photometric.Rgb, planar: 1, columns: 2);
        var ybr422 = Color(Photometric.YbrFull422, planar: 0, columns: 2);

        GreyscaleRenderer.Render(new byte[] { 255, 0, 0, 0, 0, 255 }, rgb).Pixels.Should().Equal(76, 29);
        GreyscaleRenderer.Render(new byte[] { 255, 0, 0, 0, 0, 255 }, planar).Pixels.Should().Equal(76, 29);
        GreyscaleRenderer.Render(new byte[] { 10, 200, 128, 128 }, ybr422).Pixels.Should().Equal(10, 200);
    }

    [Fact]
    public void Given_1_bit_frames_When_rendered_Then_set_bits_are_white()
    {
        var info = Mono(1, 1, signed: false, Photometric.Monochrome2, columns: 4);

        GreyscaleRenderer.Render(new byte[] { 0b0000_0101 }, info).Pixels.Should().Equal(255, 0, 255, 0);
    }

    private static PixelDataInfo Mono(int allocated, int stored, bool signed, Photometric photometric, int columns) => new()
    {
        Rows = 1, Columns = columns, SamplesPerPixel = 1, BitsAllocated = allocated, BitsStored = stored, HighBit = stored - 1,
        IsSigned = signed, Photometric = photometric,
    };

    private static PixelDataInfo Color(Photometric photometric, int planar, int columns) => new()
    {
        Rows = 1, Columns = columns, SamplesPerPixel = 3, BitsAllocated = 8, BitsStored = 8, HighBit = 7,
        IsSigned = false, Photometric = photometric, PlanarConfiguration = planar,
    };

    private static byte[] Samples16(params int[] values)
    {
        var frame = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(i * 2), unchecked((short)values[i]));
        }
        return frame;
    }
}
