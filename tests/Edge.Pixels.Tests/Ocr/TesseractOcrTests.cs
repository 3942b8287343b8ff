using System.Text.Json;
using Edge.Dicom.Data;
using Edge.Pixels.Frames;
using Edge.Pixels.Ocr;
using Edge.Pixels.Rendering;
using Edge.Testing;

namespace Edge.Pixels.Tests.Ocr;

public sealed class TesseractOcrTests
{
    private const string Tessdata = "/usr/share/tesseract-ocr/5/tessdata";

    [SkippableFact]
    public void Given_a_CT_with_a_name_burned_in_by_seed_phi_When_its_frame_is_read_Then_the_name_and_id_are_found_confidently_inside_the_burned_box()
    {
        Corpus.RequireCorpus();
        Corpus.RequireTools();
        RequireTesseract();
        using var temp = new TempDirectory("edge-ocr");
        const string name = "pydicom-data__693_UNCR.dcm";
        var seeded = ExternalTool.RunSharedTool("seed_phi.py", ["--burn-ratio", "1", "-o", temp.Path, Path.Combine(Corpus.RealDir, name)]);
        seeded.ExitCode.Should().Be(0, seeded.Output);
        using var key = JsonDocument.Parse(File.ReadAllText(temp.Combine(name + ".key.json")));
        var burned = key.RootElement.GetProperty("burned_in");
        var tokens = burned.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
        var box = burned.GetProperty("bbox_xyxy").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var burnedBox = new PixelRect(box[0], box[1], box[2] - box[0] + 1, box[3] - box[1] + 1);

        using var file = DicomFile.Open(temp.Combine(name));
        var frames = PixelFrames.Open(file);
        var view = GreyscaleRenderer.Render(frames.GetFrame(0), frames.FrameInfo, DisplayParameters.FromDataset(file.Dataset));
        using var ocr = new TesseractOcr(new OcrOptions { Languages = "eng" });
        var words = ocr.Recognize(view);

        var text = string.Join(' ', words.Select(w => w.Text));
        text.Should().Contain(tokens[0]).And.Contain(tokens[2]);
        var matches = words.Where(w => tokens.Any(t => w.Text.Contains(t, StringComparison.Ordinal))).ToList();
        matches.Should().OnlyContain(w => burnedBox.Intersect(w.Box) == w.Box, "every box is in frame coordinates, inside the burned area");
        matches.Should().OnlyContain(w => w.Confidence > 50);
    }

    [SkippableFact]
    public void Given_a_blank_frame_When_it_is_read_with_the_default_English_and_French_Then_no_word_is_found()
    {
        RequireTesseract();
        using var ocr = new TesseractOcr(new OcrOptions { Thresholds = [] });

        var words = ocr.Recognize(new GreyImage(200, 100, new byte[200 * 100]));

        words.Should().BeEmpty();
    }

    [SkippableFact]
    public void Given_a_language_without_data_When_the_engine_starts_Then_an_OcrException_names_it()
    {
        RequireTesseract();
        var start = () => new TesseractOcr(new OcrOptions { Languages = "xxx" });

        start.Should().Throw<OcrException>().WithMessage("*'xxx'*");
    }

    [SkippableFact]
    public void Given_an_image_with_bright_text_When_several_threads_read_it_Then_each_gets_the_same_words()
    {
        RequireTesseract();
        var image = TextImage.Render("EDGE 2024", width: 240, height: 60, scale: 3);
        using var ocr = new TesseractOcr(new OcrOptions { Languages = "eng" });

        var results = Enumerable.Range(0, 4).AsParallel().Select(_ => string.Join(' ', ocr.Recognize(image).Select(w => w.Text))).ToList();

        results.Should().AllBe(results[0]);
        results[0].Should().Contain("EDGE").And.Contain("2024");
    }

    private static void RequireTesseract() =>
        Skip.IfNot(File.Exists("/usr/lib/x86_64-linux-gnu/libtesseract.so.5") && File.Exists(Path.Combine(Tessdata, "eng.traineddata")),
            "Tesseract 5 with English data is not installed.");
}
