using Edge.Dicom.Data;
using Edge.Pixels.Cleaning;
using Edge.Pixels.Decision;
using Edge.Pixels.Tests.Masking;
using Edge.Testing;

namespace Edge.Pixels.Tests.Cleaning;

/// <summary>The whole stage on synthetic ultrasound loops and slices, with the real Tesseract.</summary>
public sealed class PixelCleanerTests : IDisposable
{
    private static readonly PixelIdentifiers s_patient = new(["QUILLBY^ZANDER", "QUILLBY", "ZANDER"], ["PID0001234"], ["20240315"], []);

    private readonly TempDirectory _temp = new("edge-cleaner");
    private readonly PixelCleaner _cleaner = new();

    [SkippableFact]
    public void Given_an_ultrasound_loop_with_the_name_in_its_static_overlay_When_cleaned_Then_the_name_is_masked_on_every_frame_and_the_moving_anatomy_is_untouched()
    {
        RequireTesseract();
        var name = RenderedText.Draw("QUILLBY^ZANDER PID0001234", 320, 240, 8, 6, 16);
        var organ = RenderedText.Draw("LIVER", 320, 240, 240, 214, 14);
        using var file = Loop(frames: 3, (f, x, y) => name[x, y] || organ[x, y] ? 255 : Anatomy(f, x, y));
        var before = MaskAssert.Decode(file);

        var outcome = _cleaner.Clean(file, s_patient);

        outcome.Status.Should().Be(PixelCleaningStatus.Cleaned, outcome.Reason);
        outcome.Method.Should().Be("native");
        outcome.Rectangles.Should().NotBeEmpty().And.OnlyContain(r => r.Bottom <= 40, "only the name line is masked");
        var covered = Enumerable.Range(0, 240).SelectMany(y => Enumerable.Range(0, 320).Select(x => (x, y)))
            .Where(p => name[p.x, p.y]).Count(p => outcome.Rectangles.Any(r => r.Intersects(new PixelRect(p.x, p.y, 1, 1))));
        covered.Should().Be(Enumerable.Range(0, 240).Sum(y => Enumerable.Range(0, 320).Count(x => name[x, y])), "every ink pixel of the name is masked");
        var after = MaskAssert.Decode(file);
        for (var f = 0; f < 3; f++)
        {
            MaskAssert.Compare(before.Frames[f], before.Info, after.Frames[f], after.Info, outcome.Rectangles, [0])
                .Should().Be((0, 0), "frame {0} has the name blacked out and nothing else changed", f);
        }
    }

    [SkippableFact]
    public void Given_the_patient_id_burned_over_the_anatomy_When_cleaned_Then_the_instance_is_held_and_its_pixels_are_unchanged()
    {
        RequireTesseract();
        var id = RenderedText.Draw("PID0001234", 320, 240, 100, 110, 18);
        using var file = Loop(frames: 1, (f, x, y) => id[x, y] ? 255 : y > 100 && y < 140 ? 20 : Anatomy(f, x, y));
        var pixelData = file.Dataset.Get(DicomTags.PixelData);

        var outcome = _cleaner.Clean(file, s_patient);

        outcome.Status.Should().Be(PixelCleaningStatus.Held);
        outcome.Reason.Should().Be("identifying text over the anatomy");
        file.Dataset.Get(DicomTags.PixelData).Should().BeSameAs(pixelData);
    }

    [SkippableFact]
    public void Given_a_CT_slice_with_no_text_When_cleaned_Then_it_is_not_at_risk_and_the_OCR_never_starts()
    {
        var ds = SyntheticImages.Monochrome(512, 512, 1, 16, 12, true, (_, x, y) => -1000 + (x * 3 + y) % 1500, "CT", SyntheticImages.CtImage);
        using var file = SyntheticImages.WriteAndOpen(ds, _temp.Combine("ct.dcm"));
        using var cleaner = new PixelCleaner(new Edge.Pixels.Ocr.OcrOptions { DataPath = "/nonexistent" });

        var outcome = cleaner.Clean(file, s_patient);

        outcome.Status.Should().Be(PixelCleaningStatus.NotAtRisk, "a broken OCR set-up would have held it had OCR been started");
    }

    [SkippableFact]
    public void Given_an_at_risk_instance_in_a_syntax_without_a_codec_When_cleaned_Then_it_is_held_with_the_reason()
    {
        var ds = SyntheticImages.Monochrome(64, 64, 1, 8, 8, false, (_, _, _) => 0, "US", "1.2.840.10008.5.1.4.1.1.6.1");
        var fragments = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB);
        fragments.Fragments.Add(new DicomValueData(new byte[] { 0, 0, 1, 0xB3, 0, 0 }));
        ds.Set(fragments);
        using var file = SyntheticImages.WriteAndOpen(ds, _temp.Combine("mpeg.dcm"), TransferSyntax.Lookup("1.2.840.10008.1.2.4.100"));

        var outcome = _cleaner.Clean(file, s_patient);

        outcome.Status.Should().Be(PixelCleaningStatus.Held);
        outcome.Reason.Should().StartWith("cannot be checked or masked: ").And.Contain("MPEG2");
    }

    public void Dispose()
    {
        _cleaner.Dispose();
        _temp.Dispose();
    }

    /// <summary>A 320×240 8-bit ultrasound loop (BurnedInAnnotation absent), written and read back.</summary>
    private DicomFile Loop(int frames, Func<int, int, int, int> pixel)
    {
        var ds = SyntheticImages.Monochrome(320, 240, frames, 8, 8, false, pixel, "US", SyntheticImages.UltrasoundMultiframe);
        return SyntheticImages.WriteAndOpen(ds, _temp.Combine($"us-{Guid.NewGuid():N}.dcm"));
    }

    /// <summary>Tissue that moves from frame to frame inside a sector, black around it.</summary>
    private static int Anatomy(int frame, int x, int y)
    {
        var inSector = y > 40 && y < 200 && Math.Abs(x - 160) < (y - 20) * 0.8;
        return inSector ? 100 + (int)(50 * Math.Sin((x + frame * 9) / 14.0) * Math.Cos(y / 11.0)) : 0;
    }

    private static void RequireTesseract() =>
        Skip.IfNot(File.Exists("/usr/share/tesseract-ocr/5/tessdata/fra.traineddata"), "Tesseract 5 with English and French data is not installed.");
}
