using System.Globalization;
using Edge.Dicom.Data;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>
/// The corpus seeded with a small pool of patients (so each has several files), de-identified with research-default.
/// Built on first use so that tests skip where ../shared is absent.
/// </summary>
public sealed class PooledPatientsFixture : IDisposable
{
    private readonly TempDirectory _root = new("edge-deid-pooled");
    private readonly Lazy<ProfileRun> _run;

    public PooledPatientsFixture() => _run = new(() =>
    {
        var seeded = _root.Combine("seeded");
        var seeding = ExternalTool.RunSharedTool("seed_phi.py", ["--patients", "6", "--no-burn", "--seed", "7", "-o", seeded, Corpus.RealDir]);
        if (seeding.ExitCode != 0)
        {
            throw new InvalidOperationException("seed_phi.py failed: " + seeding.Output);
        }
        var (secret, key) = Edged.WriteSecret(_root.Path, "secret", seed: 2);
        var outDir = _root.Combine("out");
        var inputs = SeededInstance.LoadAll(seeded);
        return new ProfileRun("research-default", inputs, Edged.Deidentify("research-default", secret, seeded, outDir), outDir, key);
    });

    internal ProfileRun Get()
    {
        Corpus.RequireCorpus();
        Corpus.RequireTools();
        return _run.Value;
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>For every patient, every pair of DA/DT values (at any depth, across all their files) is as many days apart after de-identification as before.</summary>
public class IntervalTests(PooledPatientsFixture fixture, ITestOutputHelper output) : IClassFixture<PooledPatientsFixture>
{
    [SkippableFact]
    public void Given_patients_with_several_files_When_deidentified_Then_every_interval_between_two_of_their_dates_is_kept()
    {
        var run = fixture.Get();
        run.Problems.Should().BeEmpty();
        // Per patient pseudonym: (file, path, original day, shifted day) of every date.
        var dates = new Dictionary<string, List<(string File, string Path, int Before, int After)>>(StringComparer.Ordinal);
        var patients = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        foreach (var (instance, outputPath) in run.Pairs)
        {
            using var source = DicomFile.Open(instance.Input);
            using var result = DicomFile.Open(outputPath);
            var pseudonym = result.Dataset.GetString(DicomTags.PatientID) ?? "";
            patients.TryAdd(pseudonym, []);
            // A patient is an ID within its issuer: the corpus files keep their own IssuerOfPatientID.
            patients[pseudonym].Add($"{source.Dataset.GetString(DicomTags.IssuerOfPatientID)}|{source.Dataset.GetString(DicomTags.PatientID)}");
            var after = DatasetWalk.ByPath(result.Dataset);
            foreach (var located in DatasetWalk.Values(source.Dataset).Where(l => l.Element.VR is DicomVR.DA or DicomVR.DT))
            {
                if (!after.TryGetValue(located.Path, out var shifted))
                {
                    continue;
                }
                var before = located.Values(located.Element.VR);
                var now = shifted.Values(located.Element.VR);
                for (var i = 0; i < Math.Min(before.Length, now.Length); i++)
                {
                    if (Day(before[i]) is { } b && Day(now[i]) is { } a)
                    {
                        dates.TryAdd(pseudonym, []);
                        dates[pseudonym].Add((instance.KeyName, located.Path, b, a));
                    }
                }
            }
        }

        patients.Values.Should().OnlyContain(ids => ids.Count == 1, "one pseudonym is one original patient");
        patients.Values.Select(ids => ids.Single()).Should().OnlyHaveUniqueItems("one original patient has one pseudonym");
        var pairs = 0L;
        var broken = new List<string>();
        foreach (var (pseudonym, list) in dates)
        {
            pairs += (long)list.Count * (list.Count - 1) / 2;
            // Every pairwise interval is kept exactly when every date moved by the same number of days.
            var reference = list[0];
            broken.AddRange(list
                .Where(d => d.After - d.Before != reference.After - reference.Before)
                .Select(d => $"{pseudonym}: {d.File} {d.Path} moved {d.After - d.Before} days, {reference.File} {reference.Path} {reference.After - reference.Before}"));
        }

        output.WriteLine($"{dates.Values.Sum(l => l.Count)} dates of {dates.Count} patients in {run.Pairs.Count} files: {pairs} intervals");
        dates.Values.Count(l => l.Select(d => d.File).Distinct().Count() > 1).Should().BeGreaterThan(5, "patients have several files");
        broken.Should().BeEmpty();
    }

    /// <summary>The day number of a DA, or of the date of a DT with at least a full date; null for anything else.</summary>
    private static int? Day(string value)
    {
        var digits = value.Split('-')[0];
        return digits.Length >= 8
            && DateOnly.TryParseExact(digits[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.DayNumber
            : null;
    }
}
