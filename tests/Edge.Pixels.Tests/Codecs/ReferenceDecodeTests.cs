using Edge.Dicom.Data;
using Edge.Pixels.Frames;

namespace Edge.Pixels.Tests.Codecs;

/// <summary>
/// Every frame of each corpus file of a compressed syntax decodes as DCMTK or GDCM decodes it; a file the reference
/// cannot decode either must fail with a typed exception, not garbage.
/// </summary>
public sealed class ReferenceDecodeTests
{
    public static IEnumerable<object[]> RleFiles => CorpusCases.WithSyntax(TransferSyntax.RleLossless.Uid);
    public static IEnumerable<object[]> JpegLosslessFiles => CorpusCases.WithSyntax(TransferSyntax.JpegLossless.Uid, TransferSyntax.JpegLosslessSV1.Uid);
    public static IEnumerable<object[]> JpegLossyFiles => CorpusCases.WithSyntax(TransferSyntax.JpegBaseline.Uid, TransferSyntax.JpegExtended.Uid);
    public static IEnumerable<object[]> JpegLsFiles => CorpusCases.WithSyntax(TransferSyntax.JpegLsLossless.Uid, TransferSyntax.JpegLsNearLossless.Uid);
    public static IEnumerable<object[]> Jpeg2000Files => CorpusCases.WithSyntax(TransferSyntax.Jpeg2000Lossless.Uid, TransferSyntax.Jpeg2000.Uid);

    [SkippableTheory]
    [MemberData(nameof(RleFiles))]
    public void Given_an_RLE_file_When_its_frames_are_decoded_Then_they_equal_dcmdrle_exactly(string name) =>
        AssertDecodesLike(name, "dcmdrle", tolerance: 0);

    [SkippableTheory]
    [MemberData(nameof(JpegLosslessFiles))]
    public void Given_a_lossless_JPEG_file_When_its_frames_are_decoded_Then_they_equal_dcmdjpeg_exactly(string name) =>
        AssertDecodesLike(name, "dcmdjpeg", tolerance: 0);

    [SkippableTheory]
    [MemberData(nameof(JpegLossyFiles))]
    public void Given_a_lossy_JPEG_file_When_its_frames_are_decoded_Then_they_are_within_2_of_dcmdjpeg(string name) =>
        AssertDecodesLike(name, "dcmdjpeg", tolerance: 2);

    [SkippableTheory]
    [MemberData(nameof(JpegLsFiles))]
    public void Given_a_JPEG_LS_file_When_its_frames_are_decoded_Then_they_equal_dcmdjpls_exactly(string name) =>
        AssertDecodesLike(name, "dcmdjpls", tolerance: 0);

    [SkippableTheory]
    [MemberData(nameof(Jpeg2000Files))]
    public void Given_a_JPEG_2000_file_When_its_frames_are_decoded_Then_they_equal_gdcmconv_raw_exactly(string name) =>
        AssertDecodesLike(name, "gdcmconv", tolerance: 0);

    private static void AssertDecodesLike(string name, string tool, int tolerance)
    {
        var path = CorpusCases.Require(name);
        var reference = ReferenceDecoder.Decode(path, tool);
        using var file = DicomFile.Open(path);
        var frames = PixelFrames.Open(file);
        if (reference.Failure is not null)
        {
            var decode = () => Enumerable.Range(0, frames.FrameCount).Select(frames.GetFrame).ToList();
            decode.Should().Throw<PixelDataException>("{0} could not decode it either: {1}", tool, reference.Failure);
            return;
        }

        frames.FrameCount.Should().Be(reference.Frames.Count);
        frames.FrameInfo.Photometric.Should().Be(reference.Info!.Photometric);
        frames.FrameInfo.PlanarConfiguration.Should().Be(reference.Info.PlanarConfiguration);
        for (var i = 0; i < frames.FrameCount; i++)
        {
            var ours = frames.GetFrame(i);
            var theirs = reference.Frames[i];
            ours.Length.Should().Be(theirs.Length, "frame {0} has the reference's size", i);
            if (tolerance == 0)
            {
                ours.Should().Equal(theirs, "frame {0} is lossless", i);
            }
            else
            {
                NativeFrames.MaxDifference(ours, theirs, frames.FrameInfo.BytesPerSample).Should().BeLessThanOrEqualTo(tolerance, "frame {0}", i);
            }
        }
    }
}
