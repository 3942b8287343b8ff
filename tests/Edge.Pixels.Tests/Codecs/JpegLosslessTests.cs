using Edge.Dicom.Data;
using Edge.Pixels.Codecs.Jpeg;
using Edge.Pixels.Frames;
using Edge.Testing;

namespace Edge.Pixels.Tests.Codecs;

/// <summary>
/// Our process-14 decoder on codestreams from independent encoders: DCMTK (every predictor, point transform), the
/// Stanford PVRG codec (one scan per component), and DCMTK's 12-bit DCT, which Debian's libjpeg cannot decode.
/// </summary>
public sealed class JpegLosslessTests
{
    public static IEnumerable<object[]> Predictors => Enumerable.Range(1, 7).Select(p => new object[] { p });

    [SkippableTheory]
    [MemberData(nameof(Predictors))]
    public void Given_a_signed_CT_encoded_by_DCMTK_with_a_predictor_When_decoded_Then_it_equals_the_original_frame(int predictor)
    {
        var original = CorpusCases.Require("pydicom-data__693_UNCR.dcm");
        using var temp = new TempDirectory("edge-jpegll");
        var encoded = Dcmcjpeg(temp, original, "+el", "+sv", $"{predictor}");

        using var source = DicomFile.Open(original);
        using var file = DicomFile.Open(encoded);

        PixelFrames.Open(file).GetFrame(0).Should().Equal(PixelFrames.Open(source).GetFrame(0));
    }

    [SkippableFact]
    public void Given_a_planar_RGB_frame_encoded_by_DCMTK_with_predictor_7_and_point_transform_2_When_decoded_Then_it_equals_dcmdjpeg()
    {
        using var temp = new TempDirectory("edge-jpegll");
        var encoded = Dcmcjpeg(temp, CorpusCases.Require("pydicom-data__color-pl.dcm"), "+el", "+sv", "7", "+pt", "2");
        var reference = ReferenceDecoder.Decode(encoded, "dcmdjpeg");
        using var file = DicomFile.Open(encoded);
        var frames = PixelFrames.Open(file);

        frames.FrameInfo.PlanarConfiguration.Should().Be(reference.Info!.PlanarConfiguration);
        frames.GetFrame(0).Should().Equal(reference.Frames[0]);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Given_a_three_component_PVRG_codestream_with_a_point_transform_When_decoded_Then_samples_are_the_shifted_originals(bool separateScans)
    {
        const int width = 37, height = 29;
        byte[][] planes = [.. new[] { 3, 5, 11 }.Select(m => Enumerable.Range(0, width * height).Select(i => (byte)((i % width * m + i / width * 7) % 256)).ToArray())];
        string[] options = separateScans ? ["-k", "1", "-p", "8", "-t", "1", "-n"] : ["-k", "1", "-p", "8", "-t", "1"];
        var jpeg = Pvrg(width, height, options, planes);
        var info = new PixelDataInfo
        {
            Rows = height, Columns = width, SamplesPerPixel = 3, BitsAllocated = 8, BitsStored = 8, HighBit = 7,
            IsSigned = false, Photometric = Photometric.Rgb,
        };

        var decoded = new JpegCodec().Decode(jpeg, info, TransferSyntax.JpegLossless);

        var expected = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                expected[i * 3 + c] = (byte)(planes[c][i] >> 1 << 1);
            }
        }
        decoded.Should().Equal(expected);
    }

    [SkippableFact]
    public void Given_a_12_bit_DCT_frame_from_DCMTK_When_decoded_Then_it_is_refused_as_unsupported_naming_the_precision()
    {
        using var temp = new TempDirectory("edge-jpeg12");
        var encoded = Dcmcjpeg(temp, CorpusCases.Require("pydicom-data__693_UNCR.dcm"), "+ee");
        using var file = DicomFile.Open(encoded);
        var frames = PixelFrames.Open(file);

        var decode = () => frames.GetFrame(0);

        decode.Should().Throw<UnsupportedPixelDataException>().WithMessage("12-bit*");
    }

    private static string Dcmcjpeg(TempDirectory temp, string input, params string[] options)
    {
        ExternalTool.Require("dcmcjpeg");
        var output = temp.Combine("encoded.dcm");
        var result = ExternalTool.Run("dcmcjpeg", [.. options, input, output]);
        result.ExitCode.Should().Be(0, result.Output);
        return output;
    }

    /// <summary>Encodes raw 8-bit planes with PVRG. Only its predictor 1 is used: for the others PVRG predicts the
    /// first row from 2^(P-1) rather than the left neighbour, and it resets nothing at restarts, unlike T.81 H.1.2.1.</summary>
    private static byte[] Pvrg(int width, int height, string[] options, byte[][] components)
    {
        ExternalTool.Require("pvrg-jpeg");
        using var temp = new TempDirectory("edge-pvrg");
        var args = new List<string> { "-iw", $"{width}", "-ih", $"{height}" };
        args.AddRange(options);
        args.AddRange(["-s", temp.Combine("out.jpg")]);
        for (var c = 0; c < components.Length; c++)
        {
            var path = temp.Combine($"c{c}.raw");
            File.WriteAllBytes(path, components[c]);
            args.AddRange(["-ci", $"{c + 1}", path]);
        }
        // PVRG's exit status is not meaningful; the codestream's presence is.
        ExternalTool.Run("pvrg-jpeg", args, workingDirectory: temp.Path);
        return File.ReadAllBytes(temp.Combine("out.jpg"));
    }
}
