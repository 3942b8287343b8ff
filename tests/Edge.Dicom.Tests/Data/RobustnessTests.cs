using Edge.Dicom.Data;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Dicom.Tests.Data;

/// <summary>
/// Damaged input — truncated, bytes flipped, lengths set to huge values — ends in our typed exception or a clean read:
/// never another exception, never a hang, never an allocation the input cannot justify.
/// </summary>
public sealed class RobustnessTests(ITestOutputHelper output)
{
    private const int MutationsPerFile = 60;

    [SkippableFact]
    public void Given_thousands_of_mutated_corpus_files_When_read_and_written_Then_only_typed_errors_occur()
    {
        Corpus.RequireCorpus();
        var files = Corpus.RealFiles().Where(f => new FileInfo(f).Length < 600_000).ToList();
        var rng = new Random(20261122);
        var failures = new List<string>();
        int typed = 0, clean = 0;

        var work = Task.Run(() =>
        {
            foreach (var path in files)
            {
                var original = File.ReadAllBytes(path);
                for (var m = 0; m < MutationsPerFile; m++)
                {
                    var (bytes, what) = Mutate(original, rng);
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    try
                    {
                        using var file = DicomFile.Read(new MemoryStream(bytes), new DicomReaderOptions { BulkDataThreshold = 4096 });
                        file.Write(Stream.Null);
                        _ = DicomDump.ToText(file);
                        clean++;
                    }
                    catch (DicomException)
                    {
                        typed++;
                    }
                    catch (Exception ex)
                    {
                        failures.Add($"{Path.GetFileName(path)} {what}: {ex.GetType().Name}: {ex.Message}");
                    }
                    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (allocated > 64L * 1024 * 1024 + 16L * bytes.Length)
                    {
                        failures.Add($"{Path.GetFileName(path)} {what}: allocated {allocated / 1024 / 1024} MiB");
                    }
                }
            }
        });

        work.Wait(TimeSpan.FromMinutes(3)).Should().BeTrue("no mutated input may make the reader hang");
        output.WriteLine($"{files.Count * MutationsPerFile} mutations: {typed} refused with DicomException, {clean} read");
        failures.Should().BeEmpty();
        (typed + clean).Should().Be(files.Count * MutationsPerFile);
    }

    private static (byte[] Bytes, string What) Mutate(byte[] original, Random rng)
    {
        var bytes = (byte[])original.Clone();
        switch (rng.Next(4))
        {
            case 0:
            {
                var cut = rng.Next(bytes.Length);
                return (bytes[..cut], $"truncated at {cut}");
            }
            case 1:
            {
                for (var i = 0; i < 8; i++)
                {
                    bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                }
                return (bytes, "8 random bytes");
            }
            case 2:
            {
                // A length field set huge: 0xFFFFFFF0 at a random even offset past the preamble.
                var at = Math.Min(bytes.Length - 4, 132 + rng.Next(Math.Max(1, bytes.Length - 136)) & ~1);
                bytes[at] = 0xF0;
                bytes[at + 1] = 0xFF;
                bytes[at + 2] = 0xFF;
                bytes[at + 3] = 0xFF;
                return (bytes, $"0xFFFFFFF0 at {at}");
            }
            default:
            {
                // An undefined length or a delimiter where none belongs.
                var at = Math.Min(bytes.Length - 4, rng.Next(bytes.Length) & ~1);
                var pattern = rng.Next(2) == 0 ? new byte[] { 0xFF, 0xFF, 0xFF, 0xFF } : new byte[] { 0xFE, 0xFF, 0xDD, 0xE0 };
                pattern.CopyTo(bytes, Math.Max(0, at));
                return (bytes, $"structural bytes at {at}");
            }
        }
    }
}
