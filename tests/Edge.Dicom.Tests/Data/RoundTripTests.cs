using Edge.Dicom.Data;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Dicom.Tests.Data;

public sealed class RoundTripTests(ITestOutputHelper output)
{
    public static TheoryData<string> ParseableFiles()
    {
        var data = new TheoryData<string>();
        foreach (var (name, row) in Corpus.Manifest())
        {
            if (row.GetValueOrDefault("parses_with_dcmdump") == "yes")
            {
                data.Add(name);
            }
        }
        if (data.Count == 0)
        {
            data.Add("(corpus absent)");
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(ParseableFiles))]
    public void Given_a_corpus_file_dcmdump_parses_When_read_and_written_unchanged_Then_bytes_are_identical(string name)
    {
        Corpus.RequireCorpus();
        var path = Path.Combine(Corpus.RealDir, name);
        var original = File.ReadAllBytes(path);

        using var file = DicomFile.Open(path, new DicomReaderOptions { BulkDataThreshold = 1024 });
        using var ms = new MemoryStream();
        file.Write(ms);

        var written = ms.ToArray();
        var firstDiff = FirstDifference(original, written);
        if (firstDiff >= 0)
        {
            output.WriteLine($"{name}: first difference at byte {firstDiff} (lengths {original.Length} vs {written.Length})");
        }
        firstDiff.Should().Be(-1, "an unchanged file must be written back byte for byte");
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }
        return a.Length == b.Length ? -1 : n;
    }
}
