using System.Diagnostics;
using System.Globalization;
using Edge.Daemon.Composition;
using Edge.Deid.Engine;
using Edge.Deid.Profiles;
using Edge.Deid.Pseudonyms;
using Edge.Dicom.Data;
using Edge.Pixels.Ocr;
using Edge.Pixels.Rendering;

namespace Edge.Bench;

/// <summary>
/// Issue 8: OCR frames per second on 640×480 ultrasound-like frames (as the pixel stage reads them: all preparation
/// variants, English and French), and CT throughput with the pixel stage on and off in the same run — in process (the
/// engine with and without the daemon's cleaner) and through <c>edged deidentify</c> with two profiles that differ
/// only by cleanPixelData. Target for CT: no measurable difference.
/// </summary>
public sealed class PixelsBenchmark : IBenchmark
{
    private const int OcrFrames = 12;

    public string Name => "pixels";

    public string Description => "OCR frames/s on 640x480 ultrasound-like frames; CT de-identification with the pixel stage on vs off";

    public int Run(BenchContext context)
    {
        Directory.CreateDirectory(context.WorkDir);
        // Arguments: [ocr|ct] [--count N] [--edged PATH] (an edged already built, instead of publishing one).
        var args = context.Arguments.ToList();
        string? Option(string name) => args.IndexOf(name) is >= 0 and var at && at + 1 < args.Count ? args[at + 1] : null;
        var part = args.FirstOrDefault(a => a is "ocr" or "ct");
        if (part is null or "ocr")
        {
            OcrThroughput(context);
        }
        if (part == "ocr")
        {
            return 0;
        }
        var edged = Option("--edged");
        var count = Option("--count") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 500;
        var input = PerfCorpus.CtInstances(context.WorkDir, count);
        var files = PerfCorpus.Files(input);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        InProcess(context, files, bytes);
        ThroughEdged(context, edged ?? PerfCorpus.PublishedEdged(context.WorkDir), input, files.Count, bytes);
        Console.WriteLine("target: pixel stage on / off ratio 1.00x within run-to-run noise");
        return 0;
    }

    private static void OcrThroughput(BenchContext context)
    {
        var frames = Enumerable.Range(0, OcrFrames).Select(UltrasoundFrame).ToList();
        using var ocr = new TesseractOcr();
        ocr.Recognize(frames[0]);
        var single = Measure.MedianSeconds(context.Runs, () =>
        {
            foreach (var f in frames)
            {
                ocr.Recognize(f);
            }
        });
        var parallel = Measure.MedianSeconds(context.Runs, () =>
            Parallel.ForEach(frames, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f => ocr.Recognize(f)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"OCR 640x480 (eng+fra, 4 variants): {OcrFrames / single:F2} frames/s on 1 thread ({single / OcrFrames * 1000:F0} ms/frame), " +
            $"{OcrFrames / parallel:F2} frames/s on {Environment.ProcessorCount} threads"));
    }

    /// <summary>
    /// A sector of speckle that changes with <paramref name="seed"/>, and overlay text in the corners drawn with a
    /// blocky 5×7 font at the bright value scanners use.
    /// </summary>
    private static GreyImage UltrasoundFrame(int seed)
    {
        const int width = 640, height = 480;
        var pixels = new byte[width * height];
        var random = new Random(seed);
        for (var y = 60; y < 420; y++)
        {
            var half = (y - 40) * 0.75;
            for (var x = 0; x < width; x++)
            {
                if (Math.Abs(x - width / 2) < half)
                {
                    pixels[y * width + x] = (byte)(40 + random.Next(120));
                }
            }
        }
        BlockText.Draw(pixels, width, 12, 10, "DOE JOHN 0123456");
        BlockText.Draw(pixels, width, 12, 26, $"2024-03-{10 + seed % 18:D2} 10:42");
        BlockText.Draw(pixels, width, 460, 10, "C5-1 ABD GEN");
        BlockText.Draw(pixels, width, 460, 450, "DEPTH 16CM");
        return new GreyImage(width, height, pixels);
    }

    private static void InProcess(BenchContext context, IReadOnlyList<string> files, long bytes)
    {
        var key = new WorkspaceKey("bench", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        using var cleaner = new PixelCleanerAdapter();
        var on = new DeidEngine(BuiltInProfiles.ResearchDefault, pixelCleaner: cleaner);
        var off = new DeidEngine(BuiltInProfiles.ResearchDefault);

        void RunAll(DeidEngine engine)
        {
            foreach (var path in files)
            {
                using var file = DicomFile.Open(path);
                engine.Deidentify(file, key);
                file.Write(Stream.Null);
            }
        }

        RunAll(on);
        RunAll(off);
        // Interleaved, so drifting load on the machine weighs on both alike.
        var onTimes = new List<double>();
        var offTimes = new List<double>();
        for (var i = 0; i < context.Runs; i++)
        {
            offTimes.Add(Time(() => RunAll(off)));
            onTimes.Add(Time(() => RunAll(on)));
        }
        Measure.Report($"CT in process, pixel stage on ({files.Count} slices)", bytes, files.Count, Median(onTimes), "stage off", Median(offTimes));
    }

    private static void ThroughEdged(BenchContext context, string edged, string input, int count, long bytes)
    {
        var secret = Path.Combine(context.WorkDir, "secret.hex");
        File.WriteAllText(secret, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var onProfile = Path.Combine(context.WorkDir, "pixels-on.yaml");
        var offProfile = Path.Combine(context.WorkDir, "pixels-off.yaml");
        File.WriteAllText(onProfile, "name: bench-pixels-on\nextends: research-default\ncleanPixelData: true\n");
        File.WriteAllText(offProfile, "name: bench-pixels-off\nextends: research-default\ncleanPixelData: false\n");
        var output = Path.Combine(context.WorkDir, "out");

        void Fresh()
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, true);
            }
            Directory.CreateDirectory(output);
        }

        var onTimes = new List<double>();
        var offTimes = new List<double>();
        for (var i = 0; i < context.Runs; i++)
        {
            Fresh();
            offTimes.Add(Time(() => Measure.Run(edged, ["deidentify", "-j", "1", "--profile", offProfile, "--secret-file", secret, input, output])));
            Fresh();
            onTimes.Add(Time(() => Measure.Run(edged, ["deidentify", "-j", "1", "--profile", onProfile, "--secret-file", secret, input, output])));
        }
        Measure.Report($"CT edged deidentify -j 1, cleanPixelData on ({count} slices)", bytes, count, Median(onTimes), "cleanPixelData off", Median(offTimes));
    }

    private static double Time(Action action)
    {
        Measure.Settle();
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>A 5×7 capital font, enough for overlay lines, drawn two pixels per dot (text 14 pixels high).</summary>
    private static class BlockText
    {
        private const int Scale = 2;

        private static readonly Dictionary<char, string> s_glyphs = new()
        {
            ['A'] = "01110100011000111111100011000110001", ['B'] = "11110100011000111110100011000111110",
            ['C'] = "01110100011000010000100001000101110", ['D'] = "11110100011000110001100011000111110",
            ['E'] = "11111100001000011110100001000011111", ['G'] = "01110100011000010111100011000101111",
            ['H'] = "10001100011000111111100011000110001", ['J'] = "00111000100001000010000101001001100",
            ['M'] = "10001110111010110101100011000110001", ['N'] = "10001110011010110011100011000110001",
            ['O'] = "01110100011000110001100011000101110", ['P'] = "11110100011000111110100001000010000",
            ['T'] = "11111001000010000100001000010000100",
            ['0'] = "01110100011001110101110011000101110", ['1'] = "00100011000010000100001000010001110",
            ['2'] = "01110100010000100010001000100011111", ['3'] = "11111000100010000010000011000101110",
            ['4'] = "00010001100101010010111110001000010", ['5'] = "11111100001111000001000011000101110",
            ['6'] = "00110010001000011110100011000101110", ['7'] = "11111000010001000100010000100001000",
            ['8'] = "01110100011000101110100011000101110", ['9'] = "01110100011000101111000010001001100",
            ['-'] = "00000000000000011111000000000000000", [':'] = "00000011000110000000011000110000000",
            [' '] = "00000000000000000000000000000000000",
        };

        public static void Draw(byte[] pixels, int width, int left, int top, string text)
        {
            var x0 = left;
            foreach (var ch in text)
            {
                var glyph = s_glyphs[ch];
                for (var i = 0; i < 35; i++)
                {
                    if (glyph[i] != '1')
                    {
                        continue;
                    }
                    for (var dy = 0; dy < Scale; dy++)
                    {
                        for (var dx = 0; dx < Scale; dx++)
                        {
                            pixels[(top + i / 5 * Scale + dy) * width + x0 + i % 5 * Scale + dx] = 255;
                        }
                    }
                }
                x0 += 6 * Scale;
            }
        }
    }
}
