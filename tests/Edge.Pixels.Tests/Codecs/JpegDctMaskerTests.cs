using Edge.Dicom.Data;
using Edge.Pixels.Codecs;
using Edge.Pixels.Codecs.Jpeg;
using Edge.Pixels.Frames;

namespace Edge.Pixels.Tests.Codecs;

/// <summary>The feasibility of masking baseline JPEG in the DCT domain through TurboJPEG's transform filter.</summary>
public sealed class JpegDctMaskerTests
{
    [SkippableTheory]
    [InlineData("pydicom__test_files_SC_rgb_dcmtk_+eb+cy+s2.dcm")]  // YBR_FULL_422, 4:2:2
    [InlineData("pydicom__test_files_SC_rgb_dcmtk_+eb+cy+s4.dcm")]  // YBR_FULL, 4:4:4
    [InlineData("pydicom__test_files_SC_jpeg_no_color_transform.dcm")]  // RGB components
    [InlineData("fo-dicom__GH195.dcm")]  // 4:2:0
    public void Given_a_baseline_frame_When_a_rectangle_is_masked_in_the_DCT_domain_Then_it_is_black_and_distant_pixels_are_untouched(string name)
    {
        using var file = DicomFile.Open(CorpusCases.Require(name));
        var frames = PixelFrames.Open(file);
        var info = frames.Source.Info;
        var codec = PixelCodecs.Get(file.TransferSyntax);
        var compressed = frames.Source.ReadFrame(0);
        var rect = new PixelRect(21, 13, 30, 9);

        var masked = JpegDctMasker.Mask(compressed, [rect], componentsAreYCbCr: info.Photometric != Photometric.Rgb);

        var before = codec.Decode(compressed, info, file.TransferSyntax);
        var after = codec.Decode(masked, info, file.TransferSyntax);
        JpegFrameHeader.Read(masked).Marker.Should().Be(JpegFrameHeader.Read(compressed).Marker, "the frame stays in its JPEG process");
        var width = info.Columns;
        for (var y = 0; y < info.Rows; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 3;
                var pixel = (after[i], after[i + 1], after[i + 2]);
                if (rect.Intersects(new PixelRect(x, y, 1, 1)))
                {
                    pixel.Should().Match<(byte R, byte G, byte B)>(p => p.R <= 3 && p.G <= 3 && p.B <= 3, "({0},{1}) is inside the mask", x, y);
                }
                else if (Distance(rect, x, y) > 18)
                {
                    // Beyond a 16-pixel MCU and the 2 pixels chroma upsampling reaches, nothing may change.
                    after.AsSpan(i, 3).SequenceEqual(before.AsSpan(i, 3)).Should().BeTrue("({0},{1}) is far from the mask", x, y);
                }
            }
        }
    }

    [Fact]
    public void Given_a_lossless_frame_When_DCT_masking_is_asked_Then_it_is_refused_as_unsupported()
    {
        byte[] sof3 = [0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 0x10, 0x00, 0x02, 0x00, 0x02, 0x01, 0x01, 0x11, 0x00];

        var mask = () => JpegDctMasker.Mask(sof3, [new PixelRect(0, 0, 1, 1)], componentsAreYCbCr: false);

        mask.Should().Throw<UnsupportedPixelDataException>();
    }

    private static int Distance(PixelRect r, int x, int y) =>
        Math.Max(Math.Max(r.Left - x, x - (r.Right - 1)), Math.Max(r.Top - y, y - (r.Bottom - 1)));
}
