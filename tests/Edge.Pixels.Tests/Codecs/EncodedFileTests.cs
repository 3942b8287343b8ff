using Edge.Dicom.Data;
using Edge.Pixels.Codecs;
using Edge.Pixels.Frames;
using Edge.Testing;

namespace Edge.Pixels.Tests.Codecs;

/// <summary>
/// Files whose frames our encoders wrote are valid for other implementations: DCMTK or GDCM decode them to the
/// original frames, and dciodvfy finds no error the original did not have.
/// </summary>
public sealed class EncodedFileTests
{
    public static IEnumerable<object[]> Cases =>
        from file in new[] { "pydicom-data__emri_small.dcm", "pydicom-data__color-pl.dcm", "pydicom-data__693_UNCR.dcm" }
        from target in new[]
        {
            (TransferSyntax.RleLossless, "dcmdrle"), (TransferSyntax.JpegLosslessSV1, "dcmdjpeg"),
            (TransferSyntax.JpegLsLossless, "dcmdjpls"), (TransferSyntax.Jpeg2000Lossless, "gdcmconv"),
        }
        select new object[] { file, target.Item1.Uid, target.Item2 };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Given_a_native_file_When_its_frames_are_encoded_Then_the_reference_decoder_gives_them_back_and_dciodvfy_adds_no_error(string name, string syntaxUid, string tool)
    {
        ExternalTool.Require("dciodvfy");
        var syntax = TransferSyntax.Lookup(syntaxUid);
        var path = CorpusCases.Require(name);
        using var temp = new TempDirectory("edge-encoded");
        var encodedPath = temp.Combine("encoded.dcm");
        List<byte[]> originals;
        int planar;
        using (var file = DicomFile.Open(path))
        {
            var frames = PixelFrames.Open(file);
            planar = frames.FrameInfo.PlanarConfiguration;
            originals = [.. Enumerable.Range(0, frames.FrameCount).Select(frames.GetFrame)];
            var codec = PixelCodecs.Get(syntax);
            var fragments = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB);
            fragments.Fragments.AddRange(originals.Select(f => new DicomValueData(codec.Encode(f, frames.FrameInfo, syntax))));
            var encodedInfo = codec.EncodedInfo(frames.FrameInfo, syntax);
            file.Dataset.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, encodedInfo.Photometric.ToDicom());
            if (encodedInfo.SamplesPerPixel > 1)
            {
                file.Dataset.SetUInt16(DicomTags.PlanarConfiguration, (ushort)encodedInfo.PlanarConfiguration);
            }
            file.Dataset.Set(fragments);
            // The pixel data is now in the new syntax: the file says so, rather than asking Save to transcode.
            file.TransferSyntax = syntax;
            file.FileMeta.SetString(DicomTags.TransferSyntaxUID, DicomVR.UI, syntax.Uid);
            file.Save(encodedPath);
        }

        var reference = ReferenceDecoder.Decode(encodedPath, tool);

        reference.Failure.Should().BeNull();
        reference.Frames.Should().HaveCount(originals.Count);
        for (var i = 0; i < originals.Count; i++)
        {
            var expected = FrameLayout.Arrange(originals[i], reference.Info!.SamplesPerPixel, reference.Info.BytesPerSample, planar, reference.Info.PlanarConfiguration);
            reference.Frames[i].Should().Equal(expected, "frame {0}", i);
        }
        Errors(encodedPath).Except(Errors(path)).Should().BeEmpty();
    }

    private static IEnumerable<string> Errors(string path) =>
        ExternalTool.Run("dciodvfy", path).Output.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Select(l => l.Trim());
}
