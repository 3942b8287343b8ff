using Edge.Dicom.Data;
using Edge.Pixels.Codecs;
using Edge.Pixels.Frames;

namespace Edge.Pixels.Tests.Codecs;

/// <summary>Damaged compressed frames end in a typed exception, never a crash or a foreign exception.</summary>
public sealed class CorruptInputTests
{
    public static IEnumerable<object[]> Frames =>
    [
        ["pydicom__test_files_MR_small_RLE.dcm"],
        ["pydicom__test_files_SC_rgb_jpeg_dcmtk.dcm"],
        ["pydicom__test_files_SC_rgb_dcmtk_+eb+cy+s2.dcm"],
        ["pydicom__test_files_SC_jpeg_no_color_transform.dcm"],
        ["fo-dicom__IM-0001-0001-0001.dcm"],
        ["pydicom__test_files_MR_small_jpeg_ls_lossless.dcm"],
        ["pydicom__test_files_MR_small_jp2klossless.dcm"],
        ["pydicom__test_files_JPEG2000.dcm"],
    ];

    [SkippableTheory]
    [MemberData(nameof(Frames))]
    public void Given_a_frame_cut_in_half_When_it_is_decoded_Then_a_PixelDataException_is_thrown(string name)
    {
        var (frame, info, syntax, codec) = Load(name);

        var decode = () => codec.Decode(frame.AsSpan(0, frame.Length / 2), info, syntax);

        decode.Should().Throw<PixelDataException>();
    }

    [SkippableTheory]
    [MemberData(nameof(Frames))]
    public void Given_a_frame_of_random_bytes_When_it_is_decoded_Then_a_PixelDataException_is_thrown(string name)
    {
        var (frame, info, syntax, codec) = Load(name);
        var garbage = new byte[frame.Length];
        new Random(name.Length).NextBytes(garbage);

        var decode = () => codec.Decode(garbage, info, syntax);

        decode.Should().Throw<PixelDataException>();
    }

    [SkippableTheory]
    [MemberData(nameof(Frames))]
    public void Given_a_frame_with_damaged_bytes_When_it_is_decoded_Then_it_decodes_or_throws_a_PixelDataException(string name)
    {
        var (frame, info, syntax, codec) = Load(name);
        var random = new Random(42);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var damaged = (byte[])frame.Clone();
            for (var i = 0; i < 8; i++)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            try
            {
                var decoded = codec.Decode(damaged, info, syntax);
                decoded.Length.Should().Be(codec.DecodedInfo(info, syntax).FrameLength);
            }
            catch (PixelDataException)
            {
                // A typed refusal is the other acceptable outcome.
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Frames))]
    public void Given_an_empty_frame_When_it_is_decoded_Then_a_PixelDataException_is_thrown(string name)
    {
        var (_, info, syntax, codec) = Load(name);

        var decode = () => codec.Decode([], info, syntax);

        decode.Should().Throw<PixelDataException>();
    }

    [SkippableFact]
    public void Given_a_frame_whose_size_disagrees_with_the_attributes_When_it_is_decoded_Then_a_PixelCodecException_is_thrown()
    {
        var (frame, info, syntax, codec) = Load("pydicom__test_files_MR_small_jpeg_ls_lossless.dcm");

        var decode = () => codec.Decode(frame, info with { Rows = info.Rows + 1 }, syntax);

        decode.Should().Throw<PixelCodecException>().WithMessage("*attributes*");
    }

    private static (byte[] Frame, PixelDataInfo Info, TransferSyntax Syntax, IPixelCodec Codec) Load(string name)
    {
        using var file = DicomFile.Open(CorpusCases.Require(name));
        var source = FrameSource.Open(file);
        return (source.ReadFrame(0), source.Info, source.TransferSyntax, PixelCodecs.Get(source.TransferSyntax));
    }
}
