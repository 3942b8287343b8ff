using Edge.Deid.Pseudonyms;
using Edge.Dicom.Data;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>
/// One <c>edged deidentify</c> run over a set of seeded inputs, each input paired with its output. An output is
/// attributed to its input by its UIDs: the key's original Study, Series and SOP Instance UIDs mapped with the same
/// secret (<see cref="WorkspaceKey.MapUid"/>) give the output's. Inputs that share all three (one instance in several
/// encodings) pair in path order, as edged names them (UID.dcm, UID_2.dcm, ...).
/// </summary>
internal sealed class ProfileRun
{
    public ProfileRun(string profile, IReadOnlyList<SeededInstance> inputs, EdgedRun run, string outDir, WorkspaceKey key)
    {
        Profile = profile;
        Run = run;
        OutDir = outDir;
        var problems = new List<string>();
        var outputs = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .GroupBy(UidsOf)
            .ToDictionary(g => g.Key, g => g.ToList());
        var pairs = new Dictionary<SeededInstance, string>();
        foreach (var group in inputs.Where(i => !run.Held.ContainsKey(i.Input)).GroupBy(i => (Map(key, i.StudyUid), Map(key, i.SeriesUid), Map(key, i.SopUid))))
        {
            var mine = outputs.GetValueOrDefault(group.Key) ?? [];
            var sources = group.OrderBy(i => i.Input, StringComparer.Ordinal).ToList();
            if (mine.Count != sources.Count)
            {
                problems.Add($"{string.Join(", ", sources.Select(s => s.KeyName))}: {mine.Count} outputs carry their UIDs");
                continue;
            }
            foreach (var (source, output) in sources.Zip(mine))
            {
                pairs[source] = output;
            }
            outputs.Remove(group.Key);
        }
        problems.AddRange(outputs.Values.SelectMany(o => o).Select(o => $"{o}: an output of no input"));
        Pairs = pairs;
        Problems = problems;
    }

    public string Profile { get; }

    public EdgedRun Run { get; }

    public string OutDir { get; }

    /// <summary>Each de-identified input and its output file.</summary>
    public IReadOnlyDictionary<SeededInstance, string> Pairs { get; }

    /// <summary>Inputs without exactly one output of theirs, and outputs of no input.</summary>
    public IReadOnlyList<string> Problems { get; }

    public SeededInstance? InputOf(string output) => Pairs.FirstOrDefault(p => p.Value == output).Key;

    private static string Map(WorkspaceKey key, string uid) => uid.Length == 0 ? "" : key.MapUid(uid);

    private static (string, string, string) UidsOf(string output)
    {
        using var file = DicomFile.Open(output);
        var ds = file.Dataset;
        return (ds.GetString(DicomTags.StudyInstanceUID) ?? "", ds.GetString(DicomTags.SeriesInstanceUID) ?? "", ds.GetString(DicomTags.SOPInstanceUID) ?? "");
    }
}
