using Edge.Deid.Rules;
using Edge.Dicom.Data;
using Xunit.Abstractions;

namespace Edge.Pixels.Tests.Integration;

/// <summary>The must-show of the pixel stage: what seed_phi.py burns into frames is gone from every written output.</summary>
[Collection(SeededBurnedInCollection.Name)]
public sealed class SeededBurnedInTests(SeededBurnedInFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public void Given_the_seeded_corpus_When_research_default_cleans_the_burned_in_instances_Then_leakcheck_OCR_finds_no_burned_token_in_any_output()
    {
        var run = fixture.Get();
        var report = run.Leaks;
        report.Summary.Should().StartWith("leaks: ", report.Output);

        // leakcheck compares each output with the strings of every key: a shifted date of one file can equal a date
        // seeded in another's key. Only the OCR findings and a file's own strings are leaks of that file.
        var leaks = report.Findings
            .Where(f => f.Kind == "ocr" || f.KeyName == Path.GetFileName(f.Output) + ".key.json")
            .Select(f => $"{Path.GetFileName(f.Output)}: [{f.Kind}] at {f.Where}")
            .ToList();

        foreach (var (input, reason) in run.Held)
        {
            output.WriteLine($"held for review: {Path.GetFileName(input)}: {reason}");
        }
        output.WriteLine($"{run.Burned.Count} burned-in inputs, {run.Held.Count} held; leakcheck --ocr: {report.Summary}");
        run.Burned.Should().HaveCountGreaterThan(15);
        leaks.Should().BeEmpty();
    }

    [SkippableFact]
    public void Given_the_seeded_corpus_When_instances_are_held_Then_they_are_not_written_and_each_has_a_reason()
    {
        var run = fixture.Get();

        var written = Directory.GetFiles(run.OutDir).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);

        (written.Count + run.Held.Count).Should().Be(run.Burned.Count);
        run.Held.Keys.Select(Path.GetFileName).Should().NotIntersectWith(written);
        run.Held.Values.Should().OnlyContain(r => r.StartsWith("pixel data: ", StringComparison.Ordinal) && r.Length > 14);
        written.Count.Should().BeGreaterThan(run.Burned.Count * 3 / 4, "most burned-in text is read and masked, not left to review");
    }

    [SkippableFact]
    public void Given_a_cleaned_output_When_its_record_is_read_Then_it_says_no_burned_in_annotation_clean_pixel_data_and_how_frames_were_written()
    {
        var run = fixture.Get();

        foreach (var path in Directory.GetFiles(run.OutDir))
        {
            using var file = DicomFile.Open(path);
            var ds = file.Dataset;
            ds.GetString(DicomTags.BurnedInAnnotation).Should().Be("NO", Path.GetFileName(path));
            ds.GetSequence(DicomTags.DeidentificationMethodCodeSequence)!.Items.Select(i => i.GetString(DicomTags.CodeValue))
                .Should().Contain(DeidCodes.CleanPixelData.Value);
            ds.GetStrings(DicomTags.DeidentificationMethod).Should().Contain(m => m.StartsWith("Pixels masked: ", StringComparison.Ordinal));
        }
    }
}
