using Edge.Dicom.Data;
using Edge.Pixels.Codecs;
using Edge.Pixels.Frames;

namespace Edge.Pixels.Tests.Codecs;

/// <summary>Each lossless encoder gives back, after decoding, exactly the frame it was given.</summary>
public sealed class RoundTripTests
{
    /// <summary>One corpus file per pixel layout: depth, sign, colour, planar configuration.</summary>
    private static readonly string[] s_layouts =
    [
        "pydicom-data__emri_small.dcm",                                // MONOCHROME2 16/12 unsigned, multi-frame
        "pydicom-data__693_UNCR.dcm",                                  // MONOCHROME2 16/14 signed, 512x512
        "pydicom-data__mlut_18.dcm",                                   // MONOCHROME2 16/12 signed
        "pydicom__test_files_dicomdirtests_98892003_MR1_15820",        // MONOCHROME2 16/16 signed
        "highdicom__sm_image_grayscale.dcm",                           // MONOCHROME2 16/16 unsigned
        "pydicom__charset_files_chrGreek.dcm",                         // MONOCHROME2 8
        "highdicom__dx_image.dcm",                                     // MONOCHROME1 8
        "fo-dicom__TestPattern_Palette.dcm",                           // PALETTE COLOR 8
        "pydicom__test_files_SC_rgb_rle.dcm",                          // RGB 8 interleaved (from RLE)
        "pydicom-data__color-pl.dcm",                                  // RGB 8 planar
        "pydicom__test_files_SC_rgb_rle_16bit_2frame.dcm",             // RGB 16
        "pydicom__test_files_GDCMJ2K_TextGBR.dcm",                     // YBR_RCT decoded to RGB
        "pydicom-data__JPGLosslessP14SV1_1s_1f_8b.dcm",                // MONOCHROME2 8 (from JPEG lossless)
        "pydicom__test_files_rtdose_1frame.dcm",                       // MONOCHROME2 32 (RLE only)
        "pydicom__test_files_SC_rgb_rle_32bit.dcm",                    // RGB 32 (RLE only)
    ];

    private static readonly TransferSyntax[] s_lossless =
        [TransferSyntax.RleLossless, TransferSyntax.JpegLosslessSV1, TransferSyntax.JpegLsLossless, TransferSyntax.Jpeg2000Lossless];

    public static IEnumerable<object[]> Cases =>
        from file in s_layouts from syntax in s_lossless select new object[] { file, syntax.Uid };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Given_a_corpus_frame_When_encoded_losslessly_and_decoded_Then_it_is_bit_exact(string name, string syntaxUid)
    {
        var syntax = TransferSyntax.Lookup(syntaxUid);
        using var file = DicomFile.Open(CorpusCases.Require(name));
        var frames = PixelFrames.Open(file);
        var info = frames.FrameInfo;
        var codec = PixelCodecs.Get(syntax);
        var lastFrame = frames.FrameCount - 1;
        if (info.BitsAllocated == 32 && !syntax.Equals(TransferSyntax.RleLossless))
        {
            var encode32 = () => codec.Encode(frames.GetFrame(0), info, syntax);
            encode32.Should().Throw<UnsupportedPixelDataException>();
            return;
        }

        foreach (var index in new[] { 0, lastFrame }.Distinct())
        {
            var original = frames.GetFrame(index);
            var encoded = codec.Encode(original, info, syntax);
            var encodedInfo = codec.EncodedInfo(info, syntax);
            var decoded = codec.Decode(encoded, encodedInfo, syntax);
            var decodedInfo = codec.DecodedInfo(encodedInfo, syntax);

            decodedInfo.Photometric.Should().Be(info.Photometric);
            var expected = FrameLayout.Arrange(original, info.SamplesPerPixel, info.BytesPerSample, info.PlanarConfiguration, decodedInfo.PlanarConfiguration);
            decoded.Should().Equal(expected, "frame {0} of {1} survives {2}", index, name, syntax.Name);
        }
    }

    [Fact]
    public void Given_a_frame_of_random_samples_When_RLE_encoded_and_decoded_Then_it_is_bit_exact()
    {
        var info = new PixelDataInfo
        {
            Rows = 37, Columns = 53, SamplesPerPixel = 3, BitsAllocated = 16, BitsStored = 16, HighBit = 15,
            IsSigned = false, Photometric = Photometric.Rgb, PlanarConfiguration = 1,
        };
        var frame = new byte[info.FrameLength];
        new Random(7).NextBytes(frame);
        // Runs of all lengths around the 128-byte packet limit.
        for (var i = 0; i < 400; i++)
        {
            frame[1000 + i] = 0x55;
        }
        var codec = new RleCodec();

        var decoded = codec.Decode(codec.Encode(frame, info, TransferSyntax.RleLossless), info, TransferSyntax.RleLossless);

        decoded.Should().Equal(frame);
    }
}
