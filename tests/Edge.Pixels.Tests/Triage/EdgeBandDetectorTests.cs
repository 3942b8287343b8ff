using Edge.Dicom.Data;
using Edge.Pixels.Triage;
using Edge.Testing;

namespace Edge.Pixels.Tests.Triage;

public sealed class EdgeBandDetectorTests
{
    [SkippableFact]
    public void Given_a_signed_CT_slice_with_text_at_its_maximum_value_in_the_top_band_When_checked_Then_the_check_fires_over_the_text()
    {
        using var temp = new TempDirectory("edge-band");
        var text = RenderedText.Draw("QUILLBY^ZANDER PID0001234", 512, 512, 6, 6, 30);
        var ds = SyntheticImages.Monochrome(512, 512, 1, 16, 12, signed: true,
            (_, x, y) => text[x, y] ? 2047 : y < 44 ? -2048 : -1000 + (x * 7 + y * 3) % 1200, "CT", SyntheticImages.CtImage);
        using var file = SyntheticImages.WriteAndOpen(ds, temp.Combine("ct.dcm"));

        var finding = EdgeBandDetector.Detect(file);

        finding.Should().NotBeNull();
        finding!.Regions.Should().ContainSingle();
        finding.Regions[0].Intersect(text.Box).Area.Should().BeGreaterThan(text.Box.Area / 2, "the region lies over the text");
        finding.Runs.Should().OnlyContain(r => text.Box.Intersects(r));
    }

    [SkippableFact]
    public void Given_a_checkerboard_and_clipped_bright_tissue_in_the_bands_When_checked_Then_neither_is_taken_for_text()
    {
        using var temp = new TempDirectory("edge-band");
        var ds = SyntheticImages.Monochrome(256, 256, 1, 16, 12, signed: false,
            (_, x, y) => y < 20 ? ((x / 12 + y / 12) % 2 == 0 ? 4095 : 0)
                : y > 230 ? ((x * 13 + y * 7) % 5 == 0 ? 4095 : 3900)
                : 1000,
            "CT", SyntheticImages.CtImage);
        using var file = SyntheticImages.WriteAndOpen(ds, temp.Combine("pattern.dcm"));

        EdgeBandDetector.Detect(file).Should().BeNull();
    }

    [SkippableFact]
    public void Given_every_corpus_CT_and_MR_slice_without_burned_in_annotation_When_checked_Then_none_fires()
    {
        Corpus.RequireCorpus();
        var fired = new List<string>();
        var checkedCount = 0;
        foreach (var (name, row) in Corpus.Manifest().Where(r => r.Value["modality"] is "CT" or "MR" && r.Value["parses_with_dcmdump"] == "yes"))
        {
            using var file = DicomFile.Open(Path.Combine(Corpus.RealDir, name));
            if (!file.Dataset.Contains(DicomTags.PixelData) || RiskTriage.Assess(file.Dataset).AtRisk)
            {
                continue;
            }
            try
            {
                if (EdgeBandDetector.Detect(file) is not null)
                {
                    fired.Add(name);
                }
                checkedCount++;
            }
            catch (PixelDataException)
            {
                // Pixel data the frame readers refuse (a missing attribute, a truncated value) has its own tests.
            }
        }

        checkedCount.Should().BeGreaterThan(25);
        fired.Should().BeEmpty("no CT or MR slice of the corpus has text burned into its bands");
    }

    [SkippableFact]
    public void Given_a_real_echocardiogram_that_says_no_burned_in_annotation_but_shows_its_measurements_When_checked_Then_the_check_fires_on_both_bands()
    {
        using var file = DicomFile.Open(CorpusCases.Require("pydicom-data__JPGLosslessP14SV1_1s_1f_8b.dcm"));
        RiskTriage.Assess(file.Dataset).AtRisk.Should().BeFalse("the attributes say NO");

        var finding = EdgeBandDetector.Detect(file);

        finding.Should().NotBeNull();
        finding!.Regions.Should().HaveCount(2);
    }
}
