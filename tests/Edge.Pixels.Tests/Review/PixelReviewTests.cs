using Edge.Dicom.Data;
using Edge.Pixels.Review;
using Edge.Testing;

namespace Edge.Pixels.Tests.Review;

public sealed class PixelReviewTests
{
    [SkippableFact]
    public void Given_a_held_instance_When_previewed_with_and_without_rectangles_Then_the_masked_preview_is_black_there_and_the_same_elsewhere()
    {
        ExternalTool.Require("/usr/bin/python3");
        using var temp = new TempDirectory("edge-preview");
        using var file = DicomFile.Open(CorpusCases.Require("pydicom-data__color-pl.dcm"));
        var rect = new PixelRect(10, 10, 50, 20);

        File.WriteAllBytes(temp.Combine("plain.png"), PixelReview.RenderPreviewPng(file, 0));
        File.WriteAllBytes(temp.Combine("masked.png"), PixelReview.RenderPreviewPng(file, 0, [rect]));

        var r = ExternalTool.Run("/usr/bin/python3", ["-c", """
            import sys
            from PIL import Image
            a, b = Image.open(sys.argv[1]), Image.open(sys.argv[2])
            inside = [b.getpixel((x, y)) for x in range(10, 60) for y in range(10, 30)]
            outside = sum(1 for x in range(a.size[0]) for y in range(a.size[1])
                          if not (10 <= x < 60 and 10 <= y < 30) and a.getpixel((x, y)) != b.getpixel((x, y)))
            print(a.size == b.size, max(inside), outside, len(set(a.getdata())) > 10)
            """, temp.Combine("plain.png"), temp.Combine("masked.png")]);

        r.ExitCode.Should().Be(0, r.Output);
        r.StdOut.Trim().Should().Be("True 0 0 True");
    }

    [SkippableFact]
    public void Given_an_approval_with_rectangles_When_masks_are_applied_Then_every_frame_is_masked_as_the_pixel_stage_would()
    {
        using var file = DicomFile.Open(CorpusCases.Require("pydicom-data__OBXXXX1A_rle_2frame.dcm"));

        var result = PixelReview.ApplyMasks(file, [new PixelRect(0, 0, 40, 30), new PixelRect(30, 20, 20, 20)]);

        result.Method.Should().Be("re-encoded " + TransferSyntax.RleLossless.Uid);
        result.Rectangles.Should().Equal(new PixelRect(0, 0, 50, 40));
        var (info, frames) = Masking.MaskAssert.Decode(file);
        frames.Should().HaveCount(2).And.OnlyContain(f => Enumerable.Range(0, 40).All(y =>
            Enumerable.Range(0, 50).All(x => Masking.MaskAssert.Sample(f, info, x, y, 0) == Masking.MaskAssert.Sample(frames[0], info, 0, 0, 0))));
    }
}
