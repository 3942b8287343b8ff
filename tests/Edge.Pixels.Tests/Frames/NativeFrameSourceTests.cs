using Edge.Dicom.Data;
using Edge.Pixels.Frames;

namespace Edge.Pixels.Tests.Frames;

public sealed class NativeFrameSourceTests
{
    public static IEnumerable<object[]> NativeMultiFrameFiles => CorpusCases.Where(r =>
        r.GetValueOrDefault("transfer_syntax_uid") is "1.2.840.10008.1.2" or "1.2.840.10008.1.2.1"
        && r.GetValueOrDefault("frames") is { Length: > 0 } f && f != "1");

    public static IEnumerable<object[]> NativeSingleFrameSamples =>
    [
        ["pydicom__test_files_SC_ybr_full_422_uncompressed.dcm"],
        ["pydicom__test_files_liver_1frame.dcm"],
        ["pydicom__test_files_rtdose_1frame.dcm"],
        ["pydicom-data__SC_ybr_full_uncompressed.dcm"],
        ["pydicom__test_files_examples_palette.dcm"],
        ["fo-dicom__CR-MONO1-10-chest"],
        ["pydicom-data__color-pl.dcm"],
    ];

    [SkippableTheory]
    [MemberData(nameof(NativeMultiFrameFiles))]
    public void Given_a_native_multi_frame_file_When_each_frame_is_read_Then_it_equals_pydicoms_frame(string name) =>
        AssertFramesMatchPydicom(name);

    [SkippableTheory]
    [MemberData(nameof(NativeSingleFrameSamples))]
    public void Given_a_native_single_frame_file_of_a_particular_layout_When_its_frame_is_read_Then_it_equals_pydicoms(string name) =>
        AssertFramesMatchPydicom(name);

    [SkippableTheory]
    [InlineData("pydicom__test_files_liver_expb_1frame.dcm", "pydicom__test_files_liver_1frame.dcm")]
    [InlineData("pydicom__test_files_rtdose_expb_1frame.dcm", "pydicom__test_files_rtdose_1frame.dcm")]
    [InlineData("pydicom__test_files_MR_small_bigendian.dcm", "pydicom__test_files_MR_small.dcm")]
    public void Given_a_big_endian_file_When_its_frames_are_read_Then_they_equal_its_little_endian_siblings(string bigEndian, string littleEndian)
    {
        using var big = DicomFile.Open(CorpusCases.Require(bigEndian));
        using var little = DicomFile.Open(CorpusCases.Require(littleEndian));
        var bigFrames = FrameSource.Open(big);
        var littleFrames = FrameSource.Open(little);

        bigFrames.FrameCount.Should().Be(littleFrames.FrameCount);
        for (var i = 0; i < bigFrames.FrameCount; i++)
        {
            bigFrames.ReadFrame(i).Should().Equal(littleFrames.ReadFrame(i), "frame {0}", i);
        }
    }

    [SkippableTheory]
    [InlineData("pydicom-data__emri_small.dcm", "pydicom-data__emri_small_jpeg_ls_lossless.dcm", "dcmdjpls")]
    [InlineData("pydicom__test_files_rtdose.dcm", "pydicom__test_files_rtdose_rle.dcm", "dcmdrle")]
    public void Given_a_native_multi_frame_file_When_frame_i_is_read_Then_it_equals_DCMTKs_frame_i_of_its_compressed_sibling(string native, string compressed, string tool)
    {
        var reference = ReferenceDecoder.Decode(CorpusCases.Require(compressed), tool);
        using var file = DicomFile.Open(CorpusCases.Require(native));
        var source = FrameSource.Open(file);

        source.FrameCount.Should().Be(reference.Frames.Count).And.BeGreaterThan(1);
        for (var i = 0; i < source.FrameCount; i++)
        {
            source.ReadFrame(i).Should().Equal(reference.Frames[i], "frame {0}", i);
        }
    }

    [SkippableFact]
    public void Given_the_big_endian_8_bit_palette_file_When_its_frames_are_read_Then_they_equal_dcmdrle_decoding_its_RLE_sibling()
    {
        var reference = ReferenceDecoder.Decode(CorpusCases.Require("pydicom-data__OBXXXX1A_rle_2frame.dcm"), "dcmdrle");
        using var file = DicomFile.Open(CorpusCases.Require("pydicom-data__OBXXXX1A_expb_2frame.dcm"));
        var source = FrameSource.Open(file);

        source.FrameCount.Should().Be(2);
        source.ReadFrame(0).Should().Equal(reference.Frames[0]);
        source.ReadFrame(1).Should().Equal(reference.Frames[1]);
    }

    [SkippableFact]
    public void Given_a_multi_frame_file_whose_pixel_data_was_left_in_the_file_When_frames_are_read_Then_only_those_frames_bytes_are_read()
    {
        var path = CorpusCases.Require("fo-dicom__MOVEKNEE.dcm");
        var counting = new CountingStream(File.OpenRead(path));
        using var file = DicomFile.Read(counting, leaveOpen: false);
        var element = (DicomValueElement)file.Dataset.Get(DicomTags.PixelData)!;
        var source = FrameSource.Open(file);
        counting.BytesRead = 0;

        var frame = source.ReadFrame(7);

        element.Data.IsBulk.Should().BeTrue("a 2.4 MB value is above the reader's bulk threshold");
        source.FrameCount.Should().Be(19);
        counting.BytesRead.Should().Be(source.Info.FrameLength, "only frame 7 is read, not the whole {0}-byte value", element.Length);
        frame.Should().Equal(PydicomFrames.Read(path)[7]);
    }

    [Fact]
    public void Given_a_bulk_value_in_a_big_endian_source_When_an_odd_length_frame_is_read_Then_its_bytes_are_unswapped()
    {
        // Three 1x3 8-bit frames in OW, written big endian: each 16-bit word swapped.
        byte[] logical = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0];
        var swapped = new byte[logical.Length];
        for (var i = 0; i < logical.Length; i += 2)
        {
            (swapped[i], swapped[i + 1]) = (logical[i + 1], logical[i]);
        }
        var bulk = new BulkDataRef(new StreamBulkDataSource(new MemoryStream(swapped)), 0, swapped.Length, SourceIsBigEndian: true);
        var info = new PixelDataInfo
        {
            Rows = 1, Columns = 3, SamplesPerPixel = 1, BitsAllocated = 8, BitsStored = 8, HighBit = 7,
            IsSigned = false, Photometric = Photometric.Monochrome2, NumberOfFrames = 3,
        };
        var source = new NativeFrameSource(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, new DicomValueData(bulk)), info, TransferSyntax.ExplicitVRBigEndian);

        source.ReadFrame(1).Should().Equal(4, 5, 6);
        source.ReadFrame(2).Should().Equal(7, 8, 9);
    }

    [Fact]
    public void Given_1_bit_frames_that_do_not_end_on_a_byte_When_the_second_frame_is_read_Then_it_starts_at_bit_0()
    {
        // Two 3x3 frames: 9 bits each; frame 1 starts at bit 9.
        var info = new PixelDataInfo
        {
            Rows = 3, Columns = 3, SamplesPerPixel = 1, BitsAllocated = 1, BitsStored = 1, HighBit = 0,
            IsSigned = false, Photometric = Photometric.Monochrome2, NumberOfFrames = 2,
        };
        // Frame 0 bits: 1 0 1 0 1 0 1 0 1; frame 1 bits: 1 1 0 0 0 0 0 0 1.
        var bits = new[] { 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1 };
        var packed = new byte[4];
        for (var i = 0; i < bits.Length; i++)
        {
            packed[i / 8] |= (byte)(bits[i] << (i % 8));
        }
        var source = new NativeFrameSource(new DicomValueElement(DicomTags.PixelData, DicomVR.OB, packed), info, TransferSyntax.ExplicitVRLittleEndian);

        source.ReadFrame(1).Should().Equal(0b0000_0011, 0b0000_0001);
    }

    [Fact]
    public void Given_a_value_shorter_than_its_frames_When_frames_are_counted_Then_only_whole_frames_are_offered()
    {
        var info = new PixelDataInfo
        {
            Rows = 2, Columns = 2, SamplesPerPixel = 1, BitsAllocated = 16, BitsStored = 12, HighBit = 11,
            IsSigned = false, Photometric = Photometric.Monochrome2, NumberOfFrames = 3,
        };
        var source = new NativeFrameSource(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, new byte[20]), info, TransferSyntax.ExplicitVRLittleEndian);

        var readMissing = () => source.ReadFrame(2);

        source.FrameCount.Should().Be(2);
        readMissing.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static void AssertFramesMatchPydicom(string name)
    {
        var path = CorpusCases.Require(name);
        var expected = PydicomFrames.Read(path);
        using var file = DicomFile.Open(path);
        var source = FrameSource.Open(file);

        source.FrameCount.Should().Be(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var frame = source.ReadFrame(i);
            if (source.Info.Photometric == Photometric.YbrFull422)
            {
                frame.Length.Should().Be((int)source.Info.PixelCount * 2, "two samples per pixel are stored");
                frame = ExpandYbr422(frame);
            }
            frame.Should().Equal(expected[i], "frame {0}", i);
        }
    }

    /// <summary>Y1 Y2 Cb Cr → Y1 Cb Cr Y2 Cb Cr.</summary>
    private static byte[] ExpandYbr422(byte[] frame)
    {
        var full = new byte[frame.Length / 2 * 3];
        for (int i = 0, o = 0; i < frame.Length; i += 4, o += 6)
        {
            full[o] = frame[i];
            full[o + 1] = full[o + 4] = frame[i + 2];
            full[o + 2] = full[o + 5] = frame[i + 3];
            full[o + 3] = frame[i + 1];
        }
        return full;
    }

    /// <summary>Counts the bytes read through it, to show what a frame read costs.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; set; }
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
