using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>dciodvfy (dicom3tools) reports no error on an output that it did not report on its input.</summary>
[Collection(SeededCorpusCollection.Name)]
public partial class IodValidationTests(SeededCorpusFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public void Given_each_output_of_both_profiles_When_dciodvfy_checks_it_Then_its_errors_are_a_subset_of_its_inputs()
    {
        var corpus = fixture.Get();
        ExternalTool.Require("dciodvfy");
        var pairs = corpus.ResearchDefault.Pairs.Select(p => (Profile: "research-default", Input: p.Key, Output: p.Value))
            .Concat(corpus.Basic.Pairs.Select(p => (Profile: "basic", Input: p.Key, Output: p.Value)))
            .ToList();
        var errors = new ConcurrentDictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        Parallel.ForEach(pairs.Select(p => p.Input.Input).Distinct().Concat(pairs.Select(p => p.Output)),
            new ParallelOptions { MaxDegreeOfParallelism = 2 },
            file => errors[file] = Errors(file));

        var added = pairs
            .SelectMany(p => errors[p.Output].Except(errors[p.Input.Input]).Select(e => $"{p.Profile} {p.Input.KeyName}: {e}"))
            .ToList();

        output.WriteLine($"dciodvfy: {pairs.Count} outputs checked, {errors.Values.Sum(e => e.Count)} error lines in all");
        pairs.Should().HaveCountGreaterThan(200);
        added.Should().BeEmpty();
    }

    /// <summary>
    /// dciodvfy's error lines, with UIDs written as &lt;UID&gt; (they are replaced by design) and hexadecimal numbers as
    /// &lt;hex&gt;: dciodvfy cannot inflate Deflated Explicit VR Little Endian and reads the compressed bytes as tags and
    /// lengths, whose numbers change with any byte of the dataset.
    /// </summary>
    private static IReadOnlySet<string> Errors(string file)
    {
        var r = ExternalTool.Run("dciodvfy", [file], TimeSpan.FromMinutes(1));
        return r.Output.Split('\n')
            .Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.Contains(" Error - ", StringComparison.Ordinal))
            .Select(l => Hex().Replace(Uid().Replace(l.TrimEnd(), "<UID>"), "<hex>"))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\d+(\.\d+)+")]
    private static partial Regex Uid();

    [GeneratedRegex("0x[0-9a-fA-F]+")]
    private static partial Regex Hex();
}
