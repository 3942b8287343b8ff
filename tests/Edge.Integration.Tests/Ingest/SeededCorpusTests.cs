using Edge.Dicom.Data;
using Edge.Integration.Tests.Support;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Integration.Tests.Ingest;

/// <summary>
/// The corpus with known synthetic PHI injected by seed_phi.py, sent by storescu into one workspace; then the daemon
/// is stopped, its ledger read for the workspace key, and leakcheck.py run over the workspace.
/// </summary>
public sealed class SeededCorpusFixture : IAsyncLifetime
{
    public const string Workspace = "seeded";

    private readonly TempDirectory _directory = new("edge-it-seeded");

    public bool Ran { get; private set; }

    public string SeededDirectory => _directory.Combine("seeded");

    public IReadOnlyList<SendableFile> Files { get; private set; } = [];

    public IReadOnlyList<StoreOutcome> Outcomes { get; private set; } = [];

    public IReadOnlyList<AnswerKey> Keys { get; private set; } = [];

    public EdgeState State => new(_directory.Combine("state"));

    public string Log { get; private set; } = "";

    public Edge.Deid.Pseudonyms.WorkspaceKey? Key { get; private set; }

    public async Task InitializeAsync()
    {
        if (!Corpus.HasCorpus || !File.Exists(Path.Combine(Corpus.ToolsDir, "seed_phi.py")) || !ExternalTool.Exists("storescu"))
        {
            return;
        }
        var seed = ExternalTool.RunSharedTool("seed_phi.py", ["-o", SeededDirectory, .. Corpus.RealFiles()]);
        if (seed.ExitCode != 0)
        {
            throw new InvalidOperationException("seed_phi.py failed: " + seed.Output);
        }
        Keys = AnswerKey.LoadAll(SeededDirectory);
        Files = CorpusCatalog.Sendable(Keys.Select(k => k.SeededFile));
        var config = EdgeConfig.Write(_directory.Path, [new WorkspaceSpec(Workspace, "EDGE_SEEDED")]);
        await using (var edged = await EdgedProcess.StartAsync(State.Root, config))
        {
            Outcomes = await CorpusSender.SendAsync(edged.Port, "EDGE_SEEDED", Files);
            await edged.TerminateAsync();
            Log = edged.Output;
        }
        Key = await LedgerView.KeyAsync(State.Root, Workspace);
        Ran = true;
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SeededCorpusTests(SeededCorpusFixture fixture, ITestOutputHelper output) : IClassFixture<SeededCorpusFixture>
{
    private void RequireRun()
    {
        Corpus.RequireCorpus();
        Corpus.RequireTools();
        ExternalTool.Require("storescu");
        fixture.Ran.Should().BeTrue();
    }

    [SkippableFact]
    public void Given_the_seeded_corpus_When_stored_Then_each_instance_was_stored_exactly_when_it_can_be_de_identified_and_quarantined_otherwise()
    {
        RequireRun();
        var outcomes = fixture.Outcomes.Select(o => (Outcome: o, Expected: ExpectedInstance.For(o.File, fixture.Key!))).ToList();
        foreach (var (o, e) in outcomes.Where(x => !x.Outcome.Succeeded))
        {
            output.WriteLine($"not stored: {o} (offline: {e.Reason})");
        }

        outcomes.Should().HaveCount(fixture.Files.Count).And.OnlyContain(x => x.Outcome.Answered);
        outcomes.Where(x => !x.Outcome.MangledBySender && x.Outcome.Succeeded != x.Expected.Stores).Should().BeEmpty();
        fixture.State.QuarantineEntries().Should().HaveCount(outcomes.Count(x => !x.Outcome.Succeeded));
        fixture.State.PartialFiles().Should().BeEmpty();
    }

    [SkippableFact]
    public void Given_the_seeded_corpus_When_stored_Then_leakcheck_finds_no_phi_of_an_instances_own_answer_key_in_the_workspace()
    {
        RequireRun();
        var workspace = fixture.State.WorkspaceDirectory(SeededCorpusFixture.Workspace);
        // Attribute each output to its inputs: its name is the pseudonymised SOP Instance UID of theirs.
        var inputsOf = fixture.Files.ToLookup(f => fixture.Key!.MapUid(f.SopInstanceUid) + ".dcm", f => f.Path, StringComparer.Ordinal);
        var keysByFile = fixture.Keys.ToDictionary(k => k.SeededFile, StringComparer.Ordinal);

        var leaks = LeakReport.Run(fixture.SeededDirectory, workspace);
        var run = leaks.Tool;
        output.WriteLine(run.StdOut.Split('\n').LastOrDefault(l => l.StartsWith("checked", StringComparison.Ordinal)) ?? run.Output);
        var real = new List<LeakFinding>();
        foreach (var f in leaks.Findings)
        {
            var inputs = inputsOf[Path.GetFileName(f.Output)].ToList();
            var ownKeys = inputs.Select(i => keysByFile[i]).ToList();
            // A date of the instance's own key is a leak unless that element was shifted: its original value differs
            // (the shifted date then merely equals another of the patient's dates, which tells nothing).
            if (ownKeys.Count == 0 || !f.IsDate || (ownKeys.Any(k => k.Holds(f.Token)) && !ShiftedThere(f, inputs)))
            {
                real.Add(f);
            }
            else
            {
                output.WriteLine($"coincidence: {f.Token} of {f.KeyName} equals a shifted date in {Path.GetFileName(f.Output)} at {f.Where}");
            }
        }

        run.StdOut.Should().Contain("leaks: ");
        real.Should().BeEmpty();
    }

    /// <summary>Whether every input holds, at the top-level element the finding names, a value other than its token.</summary>
    private static bool ShiftedThere(LeakFinding finding, IReadOnlyList<string> inputs)
    {
        var match = System.Text.RegularExpressions.Regex.Match(finding.Where, @"^element \(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\), raw$");
        if (!match.Success)
        {
            return false;
        }
        var tag = new DicomTag(
            ushort.Parse(match.Groups[1].Value, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture),
            ushort.Parse(match.Groups[2].Value, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
        return inputs.All(path =>
        {
            using var input = DicomFile.Open(path);
            return input.Dataset.GetString(tag) is { Length: > 0 } original && original != finding.Token;
        });
    }

    [SkippableFact]
    public void Given_the_seeded_corpus_When_stored_Then_nothing_edged_printed_contains_a_string_of_any_answer_key()
    {
        RequireRun();
        var log = fixture.Log;
        var found = new List<string>();
        foreach (var key in fixture.Keys)
        {
            foreach (var text in key.Texts.SelectMany(Variants))
            {
                if (ContainsWhole(log, text, StringComparison.OrdinalIgnoreCase, c => char.IsAsciiLetterOrDigit(c) || c == '.', char.IsAsciiLetterOrDigit))
                {
                    found.Add($"{text} ({key.Name})");
                }
            }
            foreach (var uid in key.Uids)
            {
                if (ContainsWhole(log, uid, StringComparison.Ordinal, IsUidCharacter, IsUidCharacter))
                {
                    found.Add($"{uid} ({key.Name})");
                }
            }
        }

        log.Should().Contain("Stored ", "the log is the daemon's, with a line per instance");
        found.Should().BeEmpty();
    }

    private static bool IsUidCharacter(char c) => char.IsAsciiDigit(c) || c == '.';

    /// <summary>
    /// Whether <paramref name="needle"/> occurs as a whole: not inside a longer word, number or UID (a date of a key
    /// can occur by chance among the digits of a pseudonymised UID, which is no leak).
    /// </summary>
    private static bool ContainsWhole(string haystack, string needle, StringComparison comparison, Func<char, bool> joinsBefore, Func<char, bool> joinsAfter)
    {
        for (var i = haystack.IndexOf(needle, comparison); i >= 0; i = haystack.IndexOf(needle, i + 1, comparison))
        {
            var end = i + needle.Length;
            if ((i == 0 || !joinsBefore(haystack[i - 1])) && (end == haystack.Length || !joinsAfter(haystack[end])))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A person name as leakcheck also looks for it: '^' as spaces, and family and given name swapped.</summary>
    private static IEnumerable<string> Variants(string text)
    {
        yield return text;
        if (text.Contains('^', StringComparison.Ordinal))
        {
            yield return text.Replace('^', ' ');
            var parts = text.Split('^', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2)
            {
                yield return string.Join(' ', parts.Reverse());
            }
        }
    }
}
