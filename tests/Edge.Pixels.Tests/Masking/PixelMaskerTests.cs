using Edge.Dicom.Data;
using Edge.Pixels.Masking;
using Edge.Pixels.Rendering;
using Edge.Testing;

namespace Edge.Pixels.Tests.Masking;

public sealed class PixelMaskerTests : IDisposable
{
    private readonly TempDirectory _temp = new("edge-mask");
    private readonly List<DicomFile> _open = [];

    public static TheoryData<string> NativeLayouts =>
    [
        "pydicom-data__emri_small.dcm",                           // MONOCHROME2 16 unsigned, 10 frames
        "pydicom-data__693_UNCR.dcm",                             // MONOCHROME2 16 signed
        "highdicom__dx_image.dcm",                                // MONOCHROME1 8
        "fo-dicom__TestPattern_Palette.dcm",                      // PALETTE COLOR
        "pydicom-data__color-pl.dcm",                             // RGB planar
        "pydicom__test_files_SC_ybr_full_422_uncompressed.dcm",   // YBR_FULL_422 pairs
        "pydicom-data__SC_rgb_expb_16bit.dcm",                    // RGB 16, big endian
        "pydicom__test_files_MR_small_bigendian.dcm",             // MONOCHROME2 16, big endian
        "pydicom__test_files_liver_1frame.dcm",                   // 1 bit
        "pydicom__test_files_rtdose.dcm",                         // 32 bits, 15 frames
    ];

    public static TheoryData<string> Lossless =>
    [
        "fo-dicom__D_CLUNIE_CT1_RLE_FRAGS.dcm",
        "pydicom-data__OBXXXX1A_rle_2frame.dcm",
        "pydicom__test_files_SC_rgb_rle_16bit_2frame.dcm",
        "pydicom__test_files_rtdose_rle.dcm",
        "fo-dicom__GH1261.dcm",
        "pydicom-data__JPGLosslessP14SV1_1s_1f_8b.dcm",
        "pydicom__test_files_SC_rgb_jpeg_gdcm.dcm",
        "highdicom__sm_image_jpegls.dcm",
        "pydicom-data__emri_small_jpeg_ls_lossless.dcm",
        "pydicom-data__693_J2KR.dcm",
        "pydicom-data__emri_small_jpeg_2k_lossless.dcm",
        "pydicom__test_files_examples_jpeg2k.dcm",
    ];

    public static TheoryData<string> DctJpeg =>
    [
        "fo-dicom__GH538-jpeg1.dcm",                              // YBR_FULL
        "fo-dicom__JPEGwithIcon.dcm",                             // YBR_FULL_422
        "pydicom__test_files_SC_jpeg_no_color_transform.dcm",     // RGB components
        "pydicom__test_files_examples_ybr_color.dcm",             // 30 frames
        "fo-dicom__GH195.dcm",                                    // extended process, 4:2:0
    ];

    public static TheoryData<string> LossyWithoutCoefficients =>
    [
        "fo-dicom__CT1_J2KI",
        "pydicom-data__US1_J2KI.dcm",
        "pydicom__test_files_JPEGLSNearLossless_16.dcm",
        "pydicom__test_files_SC_rgb_jls_lossy_line.dcm",
    ];

    [SkippableTheory]
    [MemberData(nameof(NativeLayouts))]
    public void Given_a_native_image_When_masked_Then_it_stays_native_the_rectangle_is_dark_on_every_frame_and_every_other_sample_is_unchanged(string name)
    {
        var (before, after, rects, written) = MaskAndReopen(CorpusCases.Require(name));

        written.Method.Should().Be(PixelMasker.Native);
        after.File.TransferSyntax.Should().Be(before.File.TransferSyntax);
        after.Frames.Should().HaveCount(before.Frames.Count);
        var fill = FillValue.For(before.Info, before.Frames[0], DisplayParameters.FromDataset(before.File.Dataset)).Samples;
        for (var f = 0; f < before.Frames.Count; f++)
        {
            MaskAssert.Compare(before.Frames[f], before.Info, after.Frames[f], after.Info, rects, fill)
                .Should().Be((0, 0), "frame {0} is masked inside the rectangle and untouched outside it", f);
        }
        NoNewDciodvfyErrors(before.Path, after.Path);
    }

    [SkippableTheory]
    [MemberData(nameof(Lossless))]
    public void Given_a_lossless_syntax_When_masked_Then_it_is_re_encoded_in_that_syntax_and_decodes_bit_exact_outside_the_rectangle(string name)
    {
        var (before, after, rects, written) = MaskAndReopen(CorpusCases.Require(name));

        written.Method.Should().Be("re-encoded " + before.File.TransferSyntax.Uid);
        after.File.TransferSyntax.Should().Be(before.File.TransferSyntax);
        after.Frames.Should().HaveCount(before.Frames.Count);
        var fill = FillValue.For(before.Info, before.Frames[0], DisplayParameters.FromDataset(before.File.Dataset)).Samples;
        for (var f = 0; f < before.Frames.Count; f++)
        {
            MaskAssert.Compare(before.Frames[f], before.Info, after.Frames[f], after.Info, rects, fill)
                .Should().Be((0, 0), "frame {0} decodes to the original outside the rectangle and to the fill inside", f);
        }
        NoNewDciodvfyErrors(before.Path, after.Path);
    }

    [SkippableTheory]
    [MemberData(nameof(DctJpeg))]
    public void Given_8_bit_DCT_JPEG_When_masked_Then_it_stays_in_its_syntax_the_rectangle_is_black_and_blocks_away_from_it_decode_as_before(string name)
    {
        MasksInTheDctDomain(CorpusCases.Require(name));
    }

    [SkippableFact]
    public void Given_a_monochrome_baseline_JPEG_made_by_DCMTK_When_masked_Then_it_is_masked_in_the_DCT_domain_too()
    {
        ExternalTool.Require("dcmcjpeg");
        var path = _temp.Combine("mono-baseline.dcm");
        var r = ExternalTool.Run("dcmcjpeg", ["+eb", CorpusCases.Require("pydicom-data__vlut_04.dcm"), path]);
        r.ExitCode.Should().Be(0, r.Output);

        MasksInTheDctDomain(path);
    }

    private void MasksInTheDctDomain(string path)
    {
        var (before, after, rects, written) = MaskAndReopen(path);

        written.Method.Should().Be(PixelMasker.Dct);
        after.File.TransferSyntax.Should().Be(before.File.TransferSyntax);
        var rect = rects[0];
        // Whole MCUs (up to 16 pixels) turn black, and chroma upsampling reaches two pixels further.
        var untouched = new List<PixelRect>
        {
            new(0, 0, before.Info.Columns, Math.Max(0, rect.Top / 16 * 16 - 2)),
            new(0, Math.Min(before.Info.Rows, (rect.Bottom + 15) / 16 * 16 + 2), before.Info.Columns, before.Info.Rows),
        };
        for (var f = 0; f < before.Frames.Count; f++)
        {
            var inside = 0;
            for (var y = rect.Top; y < rect.Bottom; y++)
            {
                for (var x = rect.Left; x < rect.Right; x++)
                {
                    for (var c = 0; c < after.Info.SamplesPerPixel; c++)
                    {
                        inside += MaskAssert.Sample(after.Frames[f], after.Info, x, y, c) > 3 ? 1 : 0;
                    }
                }
            }
            inside.Should().Be(0, "frame {0} is black inside the rectangle", f);
            var everythingButTheBand = new[] { new PixelRect(0, untouched[0].Bottom, before.Info.Columns, untouched[1].Top - untouched[0].Bottom) };
            MaskAssert.Compare(before.Frames[f], before.Info, after.Frames[f], after.Info, everythingButTheBand, fill: null)
                .ChangedOutside.Should().Be(0, "frame {0} is unchanged above and below the masked blocks", f);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(LossyWithoutCoefficients))]
    public void Given_lossy_data_without_a_coefficient_path_When_masked_Then_it_is_written_decoded_as_explicit_little_endian_never_re_compressed(string name)
    {
        var (before, after, rects, written) = MaskAndReopen(CorpusCases.Require(name));

        written.Method.Should().Be(PixelMasker.Decompressed);
        after.File.TransferSyntax.Should().Be(TransferSyntax.ExplicitVRLittleEndian);
        after.Info.Photometric.Should().Be(before.Info.Photometric, "the attributes describe the decoded frames");
        var fill = FillValue.For(before.Info, before.Frames[0], DisplayParameters.FromDataset(before.File.Dataset)).Samples;
        for (var f = 0; f < before.Frames.Count; f++)
        {
            MaskAssert.Compare(before.Frames[f], before.Info, after.Frames[f], after.Info, rects, fill).Should().Be((0, 0));
        }
        NoNewDciodvfyErrors(before.Path, after.Path);
    }

    [SkippableFact]
    public void Given_a_masked_native_image_When_the_file_is_disposed_Then_its_frames_were_in_a_private_temporary_file_that_is_gone()
    {
        var store = Directory.CreateDirectory(_temp.Combine("store")).FullName;
        var file = DicomFile.Open(CorpusCases.Require("pydicom-data__emri_small.dcm"));

        PixelMasker.Apply(file, [new PixelRect(0, 0, 8, 8)], store);

        var pixelData = (DicomValueElement)file.Dataset.Get(DicomTags.PixelData)!;
        pixelData.Data.IsBulk.Should().BeTrue("masked frames are not held in memory");
        var kept = Directory.GetFiles(store);
        kept.Should().ContainSingle();
        File.GetUnixFileMode(kept[0]).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        file.Dispose();
        Directory.GetFiles(store).Should().BeEmpty();
    }

    public void Dispose()
    {
        foreach (var f in _open)
        {
            f.Dispose();
        }
        _temp.Dispose();
    }

    private sealed record Side(string Path, DicomFile File, PixelDataInfo Info, List<byte[]> Frames);

    /// <summary>Masks a rectangle in the upper left quarter of a file, writes it and reads it back.</summary>
    private (Side Before, Side After, IReadOnlyList<PixelRect> Rects, MaskingResult Written) MaskAndReopen(string path)
    {
        var original = Open(path);
        var (info, frames) = MaskAssert.Decode(original);
        var rect = new PixelRect(info.Columns / 8, info.Rows / 8, Math.Max(2, info.Columns / 4), Math.Max(2, info.Rows / 6));
        var rects = info.Photometric.IsSubsampled() ? MaskGeometry.ToPixelPairs([rect], info.Columns) : [rect];
        var output = _temp.Combine("masked.dcm");

        MaskingResult written;
        using (var masked = DicomFile.Open(path))
        {
            written = PixelMasker.Apply(masked, [rect], _temp.Path);
            masked.Save(output);
        }
        var reopened = Open(output);
        var (afterInfo, afterFrames) = MaskAssert.Decode(reopened);
        return (new Side(path, original, info, frames), new Side(output, reopened, afterInfo, afterFrames), rects, written);
    }

    private DicomFile Open(string path)
    {
        var file = DicomFile.Open(path);
        _open.Add(file);
        return file;
    }

    private static void NoNewDciodvfyErrors(string input, string output)
    {
        ExternalTool.Require("dciodvfy");
        MaskAssert.DciodvfyErrors(output).Except(MaskAssert.DciodvfyErrors(input)).Should().BeEmpty();
    }
}
