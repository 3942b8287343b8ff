using System.Globalization;
using System.Text.Json;
using Edge.Testing;

namespace Edge.Cli.Tests.Support;

/// <summary>
/// An ultrasound frame (320×240, 8-bit) as a scanner writes one, drawn by PIL and written by pydicom: the patient's
/// name in the header band, where the pixel stage masks it, and the patient ID burned over the middle of the image
/// (text over anatomy), which holds the instance for visual review. Outside the sector and under the text the
/// background is 0, the value the stage fills masks with.
/// </summary>
public sealed class BurnedInUltrasound
{
    public const string PatientId = "PID0001234";
    public const int Columns = 320;
    public const int Rows = 240;

    private const string Python = "/usr/bin/python3";
    private const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf";

    private const string Script = """
        import json, math, sys
        from PIL import Image, ImageDraw, ImageFont
        from pydicom.dataset import FileDataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian

        path, sop, font = sys.argv[1:4]
        width, height = 320, 240
        img = Image.new("L", (width, height), 0)
        px = img.load()
        for y in range(height):
            for x in range(width):
                if 100 < y < 140:
                    v = 20
                elif 40 < y < 200 and abs(x - 160) < (y - 20) * 0.8:
                    v = 100 + int(50 * math.sin(x / 14.0) * math.cos(y / 11.0))
                else:
                    v = 0
                px[x, y] = v
        draw = ImageDraw.Draw(img)
        boxes = {}
        for key, text, xy, size in [("name", "QUILLBY ZANDER", (8, 6), 16), ("id", "PID0001234", (100, 110), 18)]:
            f = ImageFont.truetype(font, size)
            draw.text(xy, text, fill=255, font=f)
            boxes[key] = draw.textbbox(xy, text, font=f)
        us = "1.2.840.10008.5.1.4.1.1.6.1"
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = us
        meta.MediaStorageSOPInstanceUID = sop
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
        ds.SOPClassUID = us
        ds.SOPInstanceUID = sop
        ds.StudyInstanceUID = sop + ".1"
        ds.SeriesInstanceUID = sop + ".2"
        ds.Modality = "US"
        ds.PatientName = "QUILLBY^ZANDER"
        ds.PatientID = "PID0001234"
        ds.StudyDate = "20240315"
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows = height
        ds.Columns = width
        ds.BitsAllocated = 8
        ds.BitsStored = 8
        ds.HighBit = 7
        ds.PixelRepresentation = 0
        ds.PixelData = img.tobytes()
        ds.is_little_endian = True
        ds.is_implicit_VR = False
        ds.save_as(path, write_like_original=False)
        print(json.dumps(boxes))
        """;

    private BurnedInUltrasound(string path, string sopInstanceUid, Box name, Box id)
    {
        Path = path;
        SopInstanceUid = sopInstanceUid;
        NameBox = name;
        IdBox = id;
    }

    public string Path { get; }

    public string SopInstanceUid { get; }

    /// <summary>The ink of the name in the header band (outside the anatomy).</summary>
    public Box NameBox { get; }

    /// <summary>The ink of the patient ID over the middle of the image.</summary>
    public Box IdBox { get; }

    /// <summary>Writes one under <paramref name="directory"/> with a SOP Instance UID of its own; skips without PIL, pydicom or the font.</summary>
    public static BurnedInUltrasound Write(string directory)
    {
        ExternalTool.Require(Python);
        Skip.IfNot(File.Exists(Font), "The DejaVu fonts are not installed.");
        Skip.IfNot(File.Exists("/usr/share/tesseract-ocr/5/tessdata/fra.traineddata"), "Tesseract 5 with English and French data is not installed.");
        var sop = "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true).ToString(CultureInfo.InvariantCulture);
        var path = System.IO.Path.Combine(directory, $"us-{Guid.NewGuid():N}.dcm");
        var run = ExternalTool.Run(Python, ["-c", Script, path, sop, Font], TimeSpan.FromSeconds(60));
        Skip.If(run.ExitCode != 0 && run.StdErr.Contains("ModuleNotFoundError", StringComparison.Ordinal), "PIL or pydicom is missing: " + run.StdErr);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("The ultrasound could not be written: " + run.Output);
        }
        using var boxes = JsonDocument.Parse(run.StdOut);
        return new BurnedInUltrasound(path, sop, Box.From(boxes.RootElement.GetProperty("name")), Box.From(boxes.RootElement.GetProperty("id")));
    }

    /// <summary>A rectangle as PIL gives it: left, top inclusive; right, bottom exclusive.</summary>
    public readonly record struct Box(int Left, int Top, int Right, int Bottom)
    {
        public static Box From(JsonElement e) => new(e[0].GetInt32(), e[1].GetInt32(), e[2].GetInt32(), e[3].GetInt32());

        public Box Grow(int margin) => new(Left - margin, Top - margin, Right + margin, Bottom + margin);

        /// <summary>As edgectl's --region takes it: X,Y,W,H.</summary>
        public string Region => string.Create(CultureInfo.InvariantCulture, $"{Left},{Top},{Right - Left},{Bottom - Top}");

        public IEnumerable<(int X, int Y)> Pixels()
        {
            var (left, width) = (Left, Right - Left);
            return Enumerable.Range(Top, Bottom - Top).SelectMany(y => Enumerable.Range(left, width).Select(x => (x, y)));
        }
    }
}
