using Edge.Pixels.Rendering;
using Edge.Pixels.Review;
using Edge.Testing;

namespace Edge.Pixels.Tests.Review;

public sealed class PngWriterTests
{
    [Fact]
    public void Given_the_standard_check_string_When_its_CRC_32_is_computed_Then_it_is_the_published_value()
    {
        (PngWriter.Crc32(0xFFFFFFFFu, "123456789"u8) ^ 0xFFFFFFFFu).Should().Be(0xCBF43926u);
    }

    [SkippableFact]
    public void Given_a_grey_image_When_encoded_Then_PIL_reads_back_the_same_size_and_pixels()
    {
        ExternalTool.Require("/usr/bin/python3");
        using var temp = new TempDirectory("edge-png");
        var pixels = Enumerable.Range(0, 37 * 23).Select(i => (byte)(i * 7 % 256)).ToArray();
        var path = temp.Combine("grey.png");
        File.WriteAllBytes(path, PngWriter.Encode(new GreyImage(37, 23, pixels)));

        var r = ExternalTool.Run("/usr/bin/python3", ["-c",
            "import sys; from PIL import Image; im = Image.open(sys.argv[1]); im.load(); print(im.mode, im.size[0], im.size[1], sum(i * v for i, v in enumerate(im.getdata())))",
            path]);

        r.ExitCode.Should().Be(0, r.Output);
        var expected = pixels.Select((v, i) => (long)i * v).Sum();
        r.StdOut.Trim().Should().Be($"L 37 23 {expected}");
    }
}
