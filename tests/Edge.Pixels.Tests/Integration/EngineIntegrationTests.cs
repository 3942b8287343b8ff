using Edge.Daemon.Composition;
using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Deid.Pseudonyms;
using Edge.Deid.Rules;
using Edge.Dicom.Data;
using Edge.Testing;

namespace Edge.Pixels.Tests.Integration;

/// <summary>The engine with the daemon's adapter: what it records, and when the stage is off.</summary>
public sealed class EngineIntegrationTests : IDisposable
{
    private static readonly WorkspaceKey s_key = new("pixels-tests", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private readonly TempDirectory _temp = new("edge-pixels-engine");
    private readonly PixelCleanerAdapter _cleaner;

    public EngineIntegrationTests() => _cleaner = new PixelCleanerAdapter(_temp.Path);

    [SkippableFact]
    public void Given_a_CT_slice_without_text_When_deidentified_with_research_default_Then_the_pixel_stage_records_nothing()
    {
        var ds = SyntheticImages.Monochrome(256, 256, 1, 16, 12, true, (_, x, y) => -1000 + x + y, "CT", SyntheticImages.CtImage);
        using var file = SyntheticImages.WriteAndOpen(ds, _temp.Combine("ct.dcm"));
        var engine = new DeidEngine(BuiltInProfiles.ResearchDefault, pixelCleaner: _cleaner);

        var outcome = engine.Deidentify(file, s_key);

        outcome.Status.Should().Be(DeidStatus.Deidentified);
        outcome.ActionCounts.Should().ContainKey("pixels-notatrisk");
        file.Dataset.Contains(DicomTags.BurnedInAnnotation).Should().BeFalse();
        Codes(file.Dataset).Should().NotContain(DeidCodes.CleanPixelData.Value);
        file.Dataset.GetStrings(DicomTags.DeidentificationMethod).Should().Equal(engine.MethodDescription);
    }

    [SkippableFact]
    public void Given_a_CT_with_its_patient_name_burned_into_the_top_When_deidentified_Then_it_is_masked_and_recorded()
    {
        Skip.IfNot(File.Exists("/usr/share/tesseract-ocr/5/tessdata/eng.traineddata"), "Tesseract 5 is not installed.");
        var text = RenderedText.Draw("QUILLBY^ZANDER PID0001234", 512, 512, 6, 6, 30);
        var ds = SyntheticImages.Monochrome(512, 512, 1, 16, 12, true,
            (_, x, y) => text[x, y] ? 2047 : y < 44 ? -2048 : -1000 + (x * 7 + y * 3) % 1200, "CT", SyntheticImages.CtImage, burnedIn: "NO");
        using var file = SyntheticImages.WriteAndOpen(ds, _temp.Combine("ct.dcm"));
        var engine = new DeidEngine(BuiltInProfiles.ResearchDefault, pixelCleaner: _cleaner);

        var outcome = engine.Deidentify(file, s_key);

        outcome.Status.Should().Be(DeidStatus.Deidentified, outcome.Reason);
        file.Dataset.GetString(DicomTags.BurnedInAnnotation).Should().Be("NO");
        Codes(file.Dataset).Should().Contain(DeidCodes.CleanPixelData.Value);
        file.Dataset.GetStrings(DicomTags.DeidentificationMethod).Should().HaveCount(2)
            .And.Contain(m => m.StartsWith("Pixels masked: ", StringComparison.Ordinal) && m.EndsWith(", native", StringComparison.Ordinal));
        file.TransferSyntax.Should().Be(TransferSyntax.ExplicitVRLittleEndian);
    }

    [SkippableFact]
    public void Given_a_held_instance_When_its_masks_are_proposed_and_approved_Then_the_approved_rectangles_are_masked_and_recorded()
    {
        Skip.IfNot(File.Exists("/usr/share/tesseract-ocr/5/tessdata/eng.traineddata"), "Tesseract 5 is not installed.");
        var text = RenderedText.Draw("QUILLBY^ZANDER PID0001234", 256, 256, 4, 4, 14);
        var ds = SyntheticImages.Monochrome(256, 256, 1, 8, 8, false, (_, x, y) => text[x, y] ? 255 : y < 26 ? 0 : 90 + x % 50, "US", "1.2.840.10008.5.1.4.1.1.6.1");
        using var file = SyntheticImages.WriteAndOpen(ds, _temp.Combine("us.dcm"));
        var engine = new DeidEngine(BuiltInProfiles.ResearchDefault);

        var plan = _cleaner.Propose(file, engine);
        plan.Verdict.Should().Be(Edge.Pixels.Cleaning.PixelVerdict.Mask, plan.Reason);
        var approved = plan.Rectangles.Select(r => new MaskedRegion(r.Left, r.Top, r.Width, r.Height)).Append(new MaskedRegion(200, 200, 20, 20)).ToList();
        var outcome = new DeidEngine(BuiltInProfiles.ResearchDefault, pixelCleaner: PixelCleanerAdapter.Approved(approved, _temp.Path)).Deidentify(file, s_key);

        outcome.Status.Should().Be(DeidStatus.Deidentified);
        plan.Rectangles.Should().NotBeEmpty().And.OnlyContain(r => r.Bottom <= 40, "the proposal covers the name line at the top");
        file.Dataset.GetString(DicomTags.BurnedInAnnotation).Should().Be("NO");
        file.Dataset.GetStrings(DicomTags.DeidentificationMethod).Should().Contain($"Pixels masked: {plan.Rectangles.Count + 1} regions, reviewed, native");
        var (info, frames) = Masking.MaskAssert.Decode(file);
        Masking.MaskAssert.Sample(frames[0], info, 210, 210, 0).Should().Be(0, "the reviewer's extra rectangle is masked too");
    }

    [SkippableFact]
    public void Given_an_at_risk_instance_the_stage_cannot_check_When_deidentified_Then_it_is_held_for_review_with_the_reason()
    {
        var ds = SyntheticImages.Monochrome(64, 64, 1, 8, 8, false, (_, _, _) => 0, "US", "1.2.840.10008.5.1.4.1.1.6.1");
        var fragments = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB);
        fragments.Fragments.Add(new DicomValueData(new byte[] { 0, 0, 1, 0xB3, 0, 0 }));
        ds.Set(fragments);
        using var file = SyntheticImages.WriteAndOpen(ds, _temp.Combine("mpeg.dcm"), TransferSyntax.Lookup("1.2.840.10008.1.2.4.100"));

        var outcome = new DeidEngine(BuiltInProfiles.ResearchDefault, pixelCleaner: _cleaner).Deidentify(file, s_key);

        outcome.Status.Should().Be(DeidStatus.HeldForReview);
        outcome.Reason.Should().StartWith("pixel data: cannot be checked or masked: ");
    }

    [Fact]
    public void Given_a_profile_without_pixel_cleaning_or_no_cleaner_When_an_engine_is_built_Then_the_stage_is_off()
    {
        new DeidEngine(BuiltInProfiles.Basic, pixelCleaner: _cleaner).PixelCleaner.Should().BeNull();
        new DeidEngine(BuiltInProfiles.ResearchDefault).PixelCleaner.Should().BeNull();
        new DeidEngine(BuiltInProfiles.ResearchDefault, pixelCleaner: _cleaner).PixelCleaner.Should().BeSameAs(_cleaner);
    }

    [Fact]
    public void Given_a_profile_with_a_pixels_section_When_loaded_Then_the_policy_is_read_and_named_by_the_hash()
    {
        File.WriteAllText(_temp.Combine("regions.json"), """{ "templates": [] }""");
        var path = _temp.Combine("profile.yaml");
        File.WriteAllText(path, """
            name: us-strict
            extends: research-default
            pixels: { mask: outsideAnatomy, riskyImageTypes: [screen, derived], minConfidence: 75, edgeCheck: false, templates: regions.json }
            """);

        var profile = ProfileLoader.Load(path);

        profile.CleanPixelData.Should().BeTrue();
        profile.Pixels.Mask.Should().Be(PixelTextScope.OutsideAnatomy);
        profile.Pixels.RiskyImageTypes.Should().Equal("SCREEN", "DERIVED");
        profile.Pixels.MinConfidence.Should().Be(75);
        profile.Pixels.EdgeCheck.Should().BeFalse();
        profile.Pixels.TemplatesFile.Should().Be(_temp.Combine("regions.json"));
        BuiltInProfiles.ResearchDefault.Pixels.IsDefault.Should().BeTrue();
        var same = ProfileLoader.Parse("name: us-strict\nextends: research-default\n", "inline");
        profile.Hash.Should().NotBe(same.Hash);
    }

    [Theory]
    [InlineData("pixels: { mask: everything }", "mask 'everything'")]
    [InlineData("pixels: { minConfidance: 70 }", "did you mean 'minConfidence'")]
    [InlineData("pixels: { templates: /nonexistent/t.json }", "does not exist")]
    public void Given_a_faulty_pixels_section_When_loaded_Then_it_is_refused_with_the_line_and_problem(string section, string problem)
    {
        var parse = () => ProfileLoader.Parse($"name: x\n{section}\n", "p.yaml");

        parse.Should().Throw<ProfileException>().WithMessage($"p.yaml:2:*{problem}*");
    }

    public void Dispose()
    {
        _cleaner.Dispose();
        _temp.Dispose();
    }

    private static IEnumerable<string?> Codes(DicomDataset ds) =>
        ds.GetSequence(DicomTags.DeidentificationMethodCodeSequence)?.Items.Select(i => i.GetString(DicomTags.CodeValue)) ?? [];
}
