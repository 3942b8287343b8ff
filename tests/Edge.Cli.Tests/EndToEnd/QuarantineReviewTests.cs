using System.Text.Json;
using Edge.Cli.Tests.Support;
using Edge.Dicom.Data;
using Edge.Testing;

namespace Edge.Cli.Tests.EndToEnd;

/// <summary>
/// Visual review of what the pixel stage held: an ultrasound frame with the patient ID burned over the image, stored
/// with storescu into edged, listed as at risk, previewed, approved with an extra region or rejected, through edgectl.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class QuarantineReviewTests(DaemonFixture fixture) : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly EdgeDaemon _edge = fixture.Daemon;
    private readonly TempDirectory _sources = new("edge-review-src");

    /// <summary>Where edgectl writes previews, and nothing else.</summary>
    private readonly TempDirectory _temp = new("edge-review");

    [SkippableFact]
    public void Given_an_ultrasound_with_the_ID_over_the_anatomy_When_stored_Then_it_is_listed_at_risk_and_previews_show_it_unmasked_and_masked_each_audited()
    {
        var (id, image) = Hold("review-look", "EDGE_RLOOK");
        var extra = image.IdBox.Grow(3);

        var shown = _edge.Json("quarantine", "show", id);
        var plain = _edge.Json("quarantine", "preview", id, "--reason", "ticket 812", "--out", _temp.Combine("plain.png"));
        var masked = _edge.Json("quarantine", "preview", id, "--frame", "0", "--masked", "--region", extra.Region,
            "--reason", "ticket 812", "--out", _temp.Combine("masked.png"));

        shown.GetProperty("reason").GetString().Should().Be("burned_in_text");
        shown.GetProperty("problem").GetString().Should().Be("pixel data: identifying text over the anatomy");
        shown.GetProperty("frames").GetInt32().Should().Be(1);
        var proposed = shown.GetProperty("detected_regions").EnumerateArray().Select(Rectangle).ToList();
        proposed.Should().NotBeEmpty().And.OnlyContain(r => r.Bottom <= image.NameBox.Bottom + 8, "the stage proposes the name line only");
        (proposed.Min(r => r.Left), proposed.Max(r => r.Right)).Should().Match<(int Left, int Right)>(
            span => span.Left <= image.NameBox.Left && span.Right >= image.NameBox.Right, "the name is proposed from end to end");
        Keys(shown).Should().Equal("id", "workspace", "reason", "problem", "state", "received_at", "calling_ae", "sop_class_uid",
            "transfer_syntax_uid", "size_bytes", "frames", "retries", "stage", "sha256", "detected_regions");
        Keys(shown.GetProperty("detected_regions")[0]).Should().Equal("frame", "x", "y", "width", "height");
        foreach (var (answer, file) in new[] { (plain, "plain.png"), (masked, "masked.png") })
        {
            Keys(answer).Should().Equal("path", "width", "height", "frames");
            answer.GetProperty("path").GetString().Should().Be(_temp.Combine(file));
            (answer.GetProperty("width").GetInt32(), answer.GetProperty("height").GetInt32(), answer.GetProperty("frames").GetInt32())
                .Should().Be((BurnedInUltrasound.Columns, BurnedInUltrasound.Rows, 1));
            File.ReadAllBytes(_temp.Combine(file))[..8].Should().Equal(PngSignature);
            File.GetUnixFileMode(_temp.Combine(file)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "a preview shows original pixels");
        }
        var plainPng = DecodePng(_temp.Combine("plain.png"), image);
        var maskedPng = DecodePng(_temp.Combine("masked.png"), image);
        plainPng.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()).Should().Equal(BurnedInUltrasound.Columns, BurnedInUltrasound.Rows);
        plainPng.GetProperty("mode").GetString().Should().Be("L");
        plainPng.GetProperty("max").GetProperty("id").GetInt32().Should().BeGreaterThan(200, "unmasked, the ID is there to see");
        plainPng.GetProperty("max").GetProperty("name").GetInt32().Should().BeGreaterThan(200);
        maskedPng.GetProperty("max").GetProperty("id").GetInt32().Should().Be(0, "the extra region is filled");
        maskedPng.GetProperty("max").GetProperty("name").GetInt32().Should().Be(0, "the proposed region is filled");
        var audited = _edge.Json("audit", "query", "--workspace", "review-look", "--kind", "quarantine-previewed").GetProperty("entries")
            .EnumerateArray().ToList();
        audited.Select(e => e.GetProperty("detail").GetProperty("masked").GetString()).Should().Equal("false", "true");
        audited.Should().OnlyContain(e => e.GetProperty("actor").GetString() == "uid 0" && e.GetProperty("reason").GetString() == "ticket 812"
            && e.GetProperty("detail").GetProperty("item").GetString() == id && e.GetProperty("detail").GetProperty("frame").GetString() == "0");
    }

    [SkippableFact]
    public void Given_a_held_ultrasound_When_approved_with_a_region_over_the_ID_Then_it_is_stored_with_both_masked_BurnedInAnnotation_NO_and_Clean_Pixel_Data()
    {
        var (id, image) = Hold("review-ok", "EDGE_RVOK");
        var extra = image.IdBox.Grow(3);

        var approved = _edge.Json("quarantine", "approve", id, "--region", extra.Region, "--reason", "ID masked by hand, ticket 813");

        var uid = approved.GetProperty("sop_instance_uid").GetString()!;
        Keys(approved).Should().Equal("approved", "sop_instance_uid");
        approved.GetProperty("approved").GetString().Should().Be(id);
        uid.Should().NotBe(image.SopInstanceUid);
        _edge.Json("quarantine", "list", "--workspace", "review-ok").GetProperty("items").GetArrayLength().Should().Be(0);
        _edge.Json("workspace", "show", "review-ok").GetProperty("usage").GetProperty("instances").GetInt64().Should().Be(1);
        var stored = Directory.EnumerateFiles(Path.Combine(_edge.StateDirectory, "workspaces", "review-ok"), uid + ".dcm", SearchOption.AllDirectories).Single();
        using var file = DicomFile.Open(stored);
        using var original = DicomFile.Open(image.Path);
        var ds = file.Dataset;
        ds.GetString(DicomTags.SOPInstanceUID).Should().Be(uid);
        ds.GetString(DicomTags.PatientID).Should().NotBe(BurnedInUltrasound.PatientId);
        ds.GetString(DicomTags.BurnedInAnnotation).Should().Be("NO");
        ds.GetSequence(DicomTags.DeidentificationMethodCodeSequence)!.Items.Select(i => i.GetString(DicomTags.CodeValue)).Should().Contain("113101");
        ds.GetStrings(DicomTags.DeidentificationMethod).Should().Contain(m => m.StartsWith("Pixels masked: ", StringComparison.Ordinal) && m.Contains("reviewed"));
        var pixels = Pixels(file);
        var before = Pixels(original);
        image.IdBox.Pixels().Concat(image.NameBox.Pixels()).Should().OnlyContain(p => pixels[p.Y * BurnedInUltrasound.Columns + p.X] == 0,
            "the ID (the reviewer's region) and the name (the stage's) are filled");
        Enumerable.Range(150, 40).Select(y => y * BurnedInUltrasound.Columns + 160).Should().OnlyContain(i => pixels[i] == before[i],
            "the anatomy below the text is untouched");
        var audited = _edge.Json("audit", "query", "--workspace", "review-ok", "--kind", "quarantine-approved").GetProperty("entries").EnumerateArray().Single();
        audited.GetProperty("reason").GetString().Should().Be("ID masked by hand, ticket 813");
        audited.GetProperty("detail").GetProperty("item").GetString().Should().Be(id);
        audited.GetProperty("detail").GetProperty("extraRegions").GetString().Should().Be("1");
    }

    [SkippableFact]
    public void Given_a_held_ultrasound_When_rejected_Then_it_is_gone_without_reaching_the_workspace_and_the_rejection_is_audited()
    {
        var (id, _) = Hold("review-no", "EDGE_RVNO");

        var rejected = _edge.Json("quarantine", "reject", id, "--reason", "scanned form, not an image");

        Keys(rejected).Should().Equal("rejected");
        rejected.GetProperty("rejected").GetString().Should().Be(id);
        _edge.Edgectl("quarantine", "show", id).ExitCode.Should().Be(5);
        _edge.Json("workspace", "show", "review-no").GetProperty("usage").GetProperty("instances").GetInt64().Should().Be(0);
        var audited = _edge.Json("audit", "query", "--workspace", "review-no", "--kind", "quarantine-rejected").GetProperty("entries").EnumerateArray().Single();
        audited.GetProperty("reason").GetString().Should().Be("scanned form, not an image");
        audited.GetProperty("actor").GetString().Should().Be("uid 0");
        audited.GetProperty("detail").GetProperty("item").GetString().Should().Be(id);
    }

    [SkippableFact]
    public void Given_a_held_ultrasound_When_previewed_without_a_reason_Then_INVALID_ARGUMENT_and_nothing_is_written_or_audited()
    {
        var (id, _) = Hold("review-why", "EDGE_RWHY");
        var output = _temp.Combine("unexplained.png");

        var run = _edge.Edgectl("--json", "quarantine", "preview", id, "--out", output);

        run.ExitCode.Should().Be(1, run.Output);
        JsonDocument.Parse(run.StdErr).RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("INVALID_ARGUMENT");
        Directory.EnumerateFileSystemEntries(_temp.Path).Should().BeEmpty("neither the PNG nor its temporary file is left");
        _edge.Json("audit", "query", "--workspace", "review-why", "--kind", "quarantine-previewed").GetProperty("entries").GetArrayLength().Should().Be(0);
    }

    [SkippableFact]
    public void Given_a_uid_that_is_not_admin_When_it_previews_a_held_ultrasound_Then_edgectl_exits_4_with_PERMISSION_DENIED_and_writes_nothing()
    {
        Skip.IfNot(Environment.UserName == "root", "Running edgectl as another uid needs root.");
        var (id, _) = Hold("review-nobody", "EDGE_RNOBODY");
        // Somewhere nobody may write: /tmp, not this test's directory.
        var output = Path.Combine(Path.GetTempPath(), $"edge-review-{Guid.NewGuid():N}.png");

        var run = _edge.EdgectlAsNobody("--json", "quarantine", "preview", id, "--reason", "curious", "--out", output);

        run.ExitCode.Should().Be(4, run.Output);
        JsonDocument.Parse(run.StdErr).RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("PERMISSION_DENIED");
        File.Exists(output).Should().BeFalse();
    }

    public void Dispose()
    {
        _temp.Dispose();
        _sources.Dispose();
    }

    /// <summary>A workspace of its own, the ultrasound stored into it, held: its quarantine id, found among the at-risk items.</summary>
    private (string Id, BurnedInUltrasound Image) Hold(string workspace, string aeTitle)
    {
        var image = BurnedInUltrasound.Write(_sources.Path);
        _edge.Edgectl("workspace", "create", workspace, "--ae", aeTitle, "--caller", "@127.0.0.1").ExitCode.Should().Be(0);
        _edge.StoreScu(aeTitle, image.Path);
        var item = _edge.Json("quarantine", "list", "--workspace", workspace, "--reason", "burned-in-text").GetProperty("items").EnumerateArray().Single();
        item.GetProperty("stage").GetString().Should().Be("review");
        return (item.GetProperty("id").GetString()!, image);
    }

    private static IEnumerable<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name);

    private static BurnedInUltrasound.Box Rectangle(JsonElement region)
    {
        var x = region.GetProperty("x").GetInt32();
        var y = region.GetProperty("y").GetInt32();
        return new(x, y, x + region.GetProperty("width").GetInt32(), y + region.GetProperty("height").GetInt32());
    }

    /// <summary>The PNG decoded by PIL: its mode, size, and the brightest value inside the name's and the ID's boxes.</summary>
    private static JsonElement DecodePng(string path, BurnedInUltrasound image)
    {
        const string script = """
            import json, sys
            from PIL import Image
            im = Image.open(sys.argv[1])
            im.load()
            boxes = json.loads(sys.argv[2])
            print(json.dumps({"format": im.format, "mode": im.mode, "size": list(im.size),
                              "max": {k: max(im.crop(tuple(b)).getdata()) for k, b in boxes.items()}}))
            """;
        var boxes = JsonSerializer.Serialize(new Dictionary<string, int[]>
        {
            ["name"] = [image.NameBox.Left, image.NameBox.Top, image.NameBox.Right, image.NameBox.Bottom],
            ["id"] = [image.IdBox.Left, image.IdBox.Top, image.IdBox.Right, image.IdBox.Bottom],
        });
        var run = ExternalTool.Run(Python, ["-c", script, path, boxes], TimeSpan.FromSeconds(30));
        run.ExitCode.Should().Be(0, "PIL decodes the PNG: " + run.Output);
        using var document = JsonDocument.Parse(run.StdOut);
        document.RootElement.GetProperty("format").GetString().Should().Be("PNG");
        return document.RootElement.Clone();
    }

    /// <summary>The frame's native 8-bit samples, row by row.</summary>
    private static byte[] Pixels(DicomFile file) =>
        ((DicomValueElement)file.Dataset.Get(DicomTags.PixelData)!).GetBytes().ToArray();
}
