using Xunit.Abstractions;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>
/// <c>edged deidentify</c> over the seeded corpus: one output per input instance or the instance held with its reason,
/// and the same secret and input give byte-identical output, whatever the parallelism.
/// </summary>
[Collection(SeededCorpusCollection.Name)]
public class DeidentifyCommandTests(SeededCorpusFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public void Given_the_seeded_corpus_When_deidentified_by_edged_Then_every_instance_has_exactly_one_output_or_is_held_with_a_reason()
    {
        var corpus = fixture.Get();

        corpus.Inputs.Count.Should().BeGreaterThan(100, "seed_phi seeds every parseable corpus file");
        foreach (var run in new[] { corpus.ResearchDefault, corpus.Basic })
        {
            run.Run.ExitCode.Should().Be(0, run.Run.StdErr);
            run.Problems.Should().BeEmpty();
            (run.Pairs.Count + run.Run.Held.Count).Should().Be(corpus.Inputs.Count);
            run.Run.Held.Values.Should().NotContain("", "a held instance is listed with its reason");
            foreach (var (held, reason) in run.Run.Held)
            {
                output.WriteLine($"{run.Profile}: held for review: {Path.GetFileName(held)}: {reason}");
            }
        }
    }

    [SkippableFact]
    public void Given_the_same_secret_and_input_When_edged_runs_again_on_one_thread_Then_every_output_file_is_byte_identical()
    {
        var corpus = fixture.Get();
        var again = corpus.NewDirectory("again");

        var run = Edged.Deidentify("research-default", corpus.SecretFile, corpus.SeededDir, again, jobs: 1);

        run.ExitCode.Should().Be(0, run.StdErr);
        var first = Files(corpus.ResearchDefault.OutDir);
        var second = Files(again);
        second.Keys.Should().BeEquivalentTo(first.Keys);
        first.Should().HaveCountGreaterThan(100);
        var different = first.Keys.Where(k => !File.ReadAllBytes(first[k]).AsSpan().SequenceEqual(File.ReadAllBytes(second[k]))).ToList();
        different.Should().BeEmpty();
    }

    private static Dictionary<string, string> Files(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), f => f, StringComparer.Ordinal);
}
