using Edge.Dicom.Data;
using Edge.Pixels.Cleaning;
using Edge.Pixels.Decision;
using Edge.Pixels.Templates;
using Edge.Testing;

namespace Edge.Pixels.Tests.Templates;

public sealed class RegionTemplateSetTests
{
    private const string Json = """
        { "templates": [
          { "name": "Acme Sono header", "manufacturer": "ACME*", "model": "SONO ?00", "modality": "US",
            "rows": 480, "columns": 640, "regions": [[0, 0, 640, 40]], "ocr": false },
          // Any Acme CT: the lower right corner, besides what OCR finds.
          { "name": "Acme CT corner", "manufacturer": "Acme Medical", "modality": "CT", "regions": [[400, 480, 112, 32]] }
        ] }
        """;

    [Fact]
    public void Given_templates_by_manufacturer_model_and_size_When_matched_Then_wildcards_and_case_are_honoured()
    {
        var set = RegionTemplateSet.Parse(Json, "test.json");

        set.Match(Instance("US", "acme medical", "SONO 500", 480, 640)).Select(t => t.Name).Should().Equal("Acme Sono header");
        set.Match(Instance("US", "ACME", "SONO 500", 600, 800)).Should().BeEmpty("the size differs");
        set.Match(Instance("US", "Other", "SONO 500", 480, 640)).Should().BeEmpty();
        set.Match(Instance("CT", "Acme Medical", "X", 512, 512)).Single().Ocr.Should().BeTrue("OCR runs unless a template says no");
    }

    [Theory]
    [InlineData("""{ "templates": [ { "name": "x", "regions": [[0, 0, 10, 10]], "manufacter": "A" } ] }""", "manufacter")]
    [InlineData("""{ "templates": [ { "name": "x", "regions": [[0, 0, 10]] } ] }""", "[left, top, width, height]")]
    [InlineData("""{ "templates": [ { "regions": [[0, 0, 10, 10]] } ] }""", "needs a name")]
    [InlineData("""{ "other": [] }""", "other")]
    public void Given_a_faulty_template_file_When_parsed_Then_it_is_refused_naming_the_problem(string json, string problem)
    {
        var parse = () => RegionTemplateSet.Parse(json, "bad.json");

        parse.Should().Throw<RegionTemplateException>().WithMessage($"*bad.json*{problem}*");
    }

    [SkippableFact]
    public void Given_a_template_that_needs_no_OCR_When_a_CT_of_that_device_is_cleaned_Then_its_regions_are_masked_without_reading_text()
    {
        using var temp = new TempDirectory("edge-template");
        var ds = SyntheticImages.Monochrome(256, 128, 1, 16, 12, false, (_, x, y) => 500 + x + y, "CT", SyntheticImages.CtImage);
        ds.SetString(DicomTags.Manufacturer, DicomVR.LO, "ACME");
        using var file = SyntheticImages.WriteAndOpen(ds, temp.Combine("ct.dcm"));
        var templates = RegionTemplateSet.Parse("""{ "templates": [ { "name": "corner", "manufacturer": "ACME", "regions": [[0, 0, 64, 16]], "ocr": false } ] }""", "t.json");
        using var cleaner = new PixelCleaner();

        var outcome = cleaner.Clean(file, PixelIdentifiers.None, new PixelCleaningOptions { Templates = templates });

        outcome.Status.Should().Be(PixelCleaningStatus.Cleaned);
        outcome.Rectangles.Should().Equal(new PixelRect(0, 0, 64, 16));
        outcome.Method.Should().Be("native");
    }

    private static DicomDataset Instance(string modality, string manufacturer, string model, int rows, int columns)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.Modality, DicomVR.CS, modality);
        ds.SetString(DicomTags.Manufacturer, DicomVR.LO, manufacturer);
        ds.SetString(DicomTags.ManufacturerModelName, DicomVR.LO, model);
        ds.SetUInt16(DicomTags.Rows, (ushort)rows);
        ds.SetUInt16(DicomTags.Columns, (ushort)columns);
        return ds;
    }
}
