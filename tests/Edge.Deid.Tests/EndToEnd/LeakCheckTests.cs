using System.Globalization;
using Xunit.Abstractions;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>
/// seed_phi.py on every corpus file, the real <c>edged deidentify</c>, then leakcheck.py: no PHI of a file's own answer
/// key survives in its output, and no non-date string of any key survives anywhere.
/// </summary>
/// <remarks>
/// leakcheck compares every output with the strings of all keys. A shifted date of one file can equal a seeded date of
/// another file's key (both live in the same years; about ten such coincidences per 125 files with research-default):
/// those are not leaks of that file's PHI, and are reported in the test output rather than failed.
/// </remarks>
[Collection(SeededCorpusCollection.Name)]
public class LeakCheckTests(SeededCorpusFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public void Given_research_default_When_leakcheck_reads_the_outputs_Then_no_file_holds_its_own_phi_nor_any_non_date_phi()
    {
        var corpus = fixture.Get();
        var report = corpus.Leaks.ResearchDefault;
        report.Summary.Should().StartWith("leaks: ", report.Output);

        var real = new List<string>();
        foreach (var f in report.Findings)
        {
            var own = corpus.ResearchDefault.InputOf(f.Output);
            if (own is null)
            {
                real.Add($"{f.Output}: not the output of any input: [{f.Kind}] '{f.Token}'");
            }
            else if (own.Tokens.Contains(f.Token))
            {
                real.Add($"{own.KeyName}: its own [{f.Kind}] '{f.Token}' at {f.Where}");
            }
            else if (!IsDate(f.Token))
            {
                real.Add($"{own.KeyName}: [{f.Kind}] '{f.Token}' of {f.KeyName} at {f.Where}");
            }
            else
            {
                output.WriteLine($"coincidence: a shifted date of {own.KeyName} equals '{f.Token}' seeded in {f.KeyName}, at {f.Where}");
            }
        }

        output.WriteLine($"leakcheck: {report.Summary}; real leaks: {real.Count}");
        real.Should().BeEmpty();
    }

    [SkippableFact]
    public void Given_the_basic_profile_When_leakcheck_reads_the_outputs_Then_it_finds_no_leak_at_all()
    {
        var report = fixture.Get().Leaks.Basic;

        report.Summary.Should().Be("leaks: 0 in 0 files", report.Output);
        report.Findings.Should().BeEmpty();
    }

    private static bool IsDate(string token) =>
        token.Length == 8 && DateOnly.TryParseExact(token, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
