using Edge.Dicom.Data;
using Xunit.Abstractions;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>
/// A UID reference (a UID inside a sequence: referenced SOP instance, frame of reference, series and study in SEG, SR,
/// RT and source-image references) that named an instance, series, study or frame of reference of the input set still
/// names one of the output set, at the same place.
/// </summary>
[Collection(SeededCorpusCollection.Name)]
public class ReferenceIntegrityTests(SeededCorpusFixture fixture, ITestOutputHelper output)
{
    private static readonly DicomTag[] s_identities =
        [DicomTags.SOPInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.StudyInstanceUID, DicomTags.FrameOfReferenceUID];

    [SkippableFact]
    public void Given_the_corpus_references_that_resolve_within_it_When_deidentified_Then_each_resolves_within_the_output()
    {
        var run = fixture.Get().ResearchDefault;
        var inputs = run.Pairs.Keys.ToDictionary(i => i, i => DicomFile.Open(i.Input));
        var outputs = run.Pairs.ToDictionary(p => p.Key, p => DicomFile.Open(p.Value));
        try
        {
            var inputTargets = Targets(inputs.Values);
            var outputTargets = Targets(outputs.Values);
            var broken = new List<string>();
            var checkedCount = 0;

            foreach (var (instance, source) in inputs)
            {
                var result = DatasetWalk.ByPath(outputs[instance].Dataset);
                foreach (var reference in DatasetWalk.Values(source.Dataset).Where(l => l.Depth > 0 && l.Values(DicomVR.UI).Any(inputTargets.Contains)))
                {
                    if (!result.TryGetValue(reference.Path, out var after))
                    {
                        // Removed by the profile (say a Referenced Study Sequence under Basic): no reference left to break.
                        continue;
                    }
                    var before = reference.Values(DicomVR.UI);
                    var now = after.Values(DicomVR.UI);
                    for (var i = 0; i < before.Length; i++)
                    {
                        if (!inputTargets.Contains(before[i]))
                        {
                            continue;
                        }
                        checkedCount++;
                        if (i >= now.Length || !outputTargets.Contains(now[i]))
                        {
                            broken.Add($"{instance.KeyName} {reference.Path}: '{(i < now.Length ? now[i] : "")}' names nothing in the output");
                        }
                    }
                }
            }

            output.WriteLine($"{checkedCount} references that resolved within the input checked");
            checkedCount.Should().BeGreaterThan(30);
            broken.Should().BeEmpty();
        }
        finally
        {
            foreach (var f in inputs.Values.Concat(outputs.Values))
            {
                f.Dispose();
            }
        }
    }

    /// <summary>The instance, series, study and frame of reference UIDs the files declare at top level.</summary>
    private static HashSet<string> Targets(IEnumerable<DicomFile> files) =>
        files.SelectMany(f => s_identities.Select(t => f.Dataset.GetString(t)))
            .Where(u => !string.IsNullOrEmpty(u))
            .Select(u => u!)
            .ToHashSet(StringComparer.Ordinal);
}
