using System.Buffers.Binary;
using Edge.Dicom.Data;
using Edge.Pixels.Frames;

namespace Edge.Pixels.Tests.Frames;

public sealed class EncapsulatedFrameSourceTests
{
    private static readonly byte[] s_a = [0xFF, 0xD8, 1, 2, 3, 4, 5, 6];
    private static readonly byte[] s_b = [7, 8, 9, 10];
    private static readonly byte[] s_c = [0xFF, 0xD8, 11, 12, 13, 14, 15, 16];

    [Fact]
    public void Given_a_basic_offset_table_When_frames_are_read_Then_each_holds_the_fragments_up_to_the_next_offset()
    {
        var source = Source(frames: 2, offsetTable: Offsets32(0, (uint)(8 + s_a.Length + 8 + s_b.Length)), s_a, s_b, s_c);

        source.ReadFrame(0).Should().Equal([.. s_a, .. s_b]);
        source.ReadFrame(1).Should().Equal(s_c);
    }

    [Fact]
    public void Given_an_extended_offset_table_When_frames_are_read_Then_it_is_used_and_lengths_trim_padding()
    {
        var fragments = Fragments(s_a, s_c);
        var offsets = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(offsets.AsSpan(8), (ulong)(8 + s_a.Length));
        var lengths = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(lengths, (ulong)s_a.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(lengths.AsSpan(8), (ulong)s_c.Length - 1);
        var source = new EncapsulatedFrameSource(fragments, Info(2), TransferSyntax.JpegBaseline, offsets, lengths);

        source.ReadFrame(0).Should().Equal(s_a);
        source.ReadFrame(1).Should().Equal(s_c[..^1]);
    }

    [Fact]
    public void Given_one_frame_in_several_fragments_without_a_table_When_read_Then_all_fragments_are_joined()
    {
        var source = Source(frames: 1, offsetTable: [], s_a, s_b, s_c);

        source.ReadFrame(0).Should().Equal([.. s_a, .. s_b, .. s_c]);
    }

    [Fact]
    public void Given_as_many_fragments_as_frames_without_a_table_When_read_Then_each_fragment_is_a_frame()
    {
        var source = Source(frames: 3, offsetTable: [], s_a, s_b, s_c);

        source.ReadFrame(1).Should().Equal(s_b);
    }

    [Fact]
    public void Given_more_fragments_than_frames_without_a_table_When_read_Then_frames_start_at_fragments_opening_with_SOI()
    {
        var source = Source(frames: 2, offsetTable: [], s_a, s_b, s_c);

        source.ReadFrame(0).Should().Equal([.. s_a, .. s_b]);
        source.ReadFrame(1).Should().Equal(s_c);
    }

    [Fact]
    public void Given_an_offset_that_is_not_a_fragment_start_When_a_frame_is_read_Then_the_table_is_rejected()
    {
        var source = Source(frames: 2, offsetTable: Offsets32(0, 10), s_a, s_b, s_c);

        var read = () => source.ReadFrame(1);

        read.Should().Throw<InvalidPixelDataException>().Which.Attribute.Should().Be("PixelData");
    }

    [Fact]
    public void Given_an_offset_table_listing_fewer_frames_than_declared_When_a_frame_is_read_Then_it_is_rejected()
    {
        var source = Source(frames: 3, offsetTable: Offsets32(0), s_a, s_b, s_c);

        var read = () => source.ReadFrame(0);

        read.Should().Throw<InvalidPixelDataException>().WithMessage("*1 frames*3*");
    }

    [Fact]
    public void Given_native_pixel_data_under_an_encapsulated_syntax_When_opened_Then_the_mismatch_is_reported()
    {
        var ds = PixelDataInfoTests.Image(rows: 2, columns: 2, samples: 1, allocated: 8, stored: 8, photometric: "MONOCHROME2");
        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, new byte[4]);

        var open = () => FrameSource.Open(ds, TransferSyntax.RleLossless);

        open.Should().Throw<InvalidPixelDataException>().WithMessage("*requires*");
    }

    private static EncapsulatedFrameSource Source(int frames, byte[] offsetTable, params byte[][] fragments)
    {
        var sequence = Fragments(fragments);
        sequence.OffsetTable = new DicomValueData(offsetTable);
        return new EncapsulatedFrameSource(sequence, Info(frames), TransferSyntax.JpegBaseline);
    }

    private static DicomFragmentSequence Fragments(params byte[][] fragments)
    {
        var sequence = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB);
        sequence.Fragments.AddRange(fragments.Select(f => new DicomValueData(f)));
        return sequence;
    }

    private static byte[] Offsets32(params uint[] offsets)
    {
        var table = new byte[offsets.Length * 4];
        for (var i = 0; i < offsets.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), offsets[i]);
        }
        return table;
    }

    private static PixelDataInfo Info(int frames) => new()
    {
        Rows = 2, Columns = 2, SamplesPerPixel = 1, BitsAllocated = 8, BitsStored = 8, HighBit = 7,
        IsSigned = false, Photometric = Photometric.Monochrome2, NumberOfFrames = frames,
    };
}
