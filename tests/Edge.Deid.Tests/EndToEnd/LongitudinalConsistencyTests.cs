using System.Globalization;
using Edge.Deid.Pseudonyms;
using Edge.Dicom.Data;
using Edge.Testing;

namespace Edge.Deid.Tests.EndToEnd;

/// <summary>
/// One patient's two studies, made from a corpus CT: study B a year after study A, both referencing the same prior
/// image, B also referencing A. De-identified by three edged processes: A alone and B alone under one secret, both
/// together under another. Built on first use so that tests skip where ../shared is absent.
/// </summary>
public sealed class TwoStudiesFixture : IDisposable
{
    public const string Root = "1.2.826.0.1.3680043.9.7133.4";
    public const string PriorSop = Root + ".0.1.1";
    public const string PatientId = "PID4242001";

    private readonly TempDirectory _dir = new("edge-deid-two-studies");
    private readonly Lazy<Result> _result;

    public TwoStudiesFixture() => _result = new(Build);

    internal sealed record Study(string Name, string StudyUid, string SeriesUid, string SopUid, string StudyDate);

    internal sealed record Result(WorkspaceKey Key, WorkspaceKey OtherKey, DicomDataset A, DicomDataset B, DicomDataset OtherA, DicomDataset OtherB, DicomDataset InputA, DicomDataset InputB);

    internal static Study A { get; } = new("a", Root + ".1", Root + ".1.1", Root + ".1.1.1", "20200110");

    internal static Study B { get; } = new("b", Root + ".2", Root + ".2.1", Root + ".2.1.1", "20210315");

    internal Result Get()
    {
        Corpus.RequireCorpus();
        return _result.Value;
    }

    public void Dispose() => _dir.Dispose();

    private Result Build()
    {
        var template = Path.Combine(Corpus.RealDir, "highdicom__ct_image.dcm");
        var inA = Make(template, A, [PriorSop]);
        var inB = Make(template, B, [PriorSop, A.SopUid]);
        var both = Directory.CreateDirectory(_dir.Combine("in-both")).FullName;
        File.Copy(Path.Combine(inA, "a.dcm"), Path.Combine(both, "a.dcm"));
        File.Copy(Path.Combine(inB, "b.dcm"), Path.Combine(both, "b.dcm"));

        var (secret, key) = Edged.WriteSecret(_dir.Path, "secret", seed: 3);
        var (otherSecret, otherKey) = Edged.WriteSecret(_dir.Path, "other-secret", seed: 4);
        var outA = Run(secret, inA, "out-a");
        var outB = Run(secret, inB, "out-b");
        var outBoth = Run(otherSecret, both, "out-both");

        return new Result(key, otherKey,
            Single(outA, key, A), Single(outB, key, B), Single(outBoth, otherKey, A), Single(outBoth, otherKey, B),
            Read(Path.Combine(inA, "a.dcm")), Read(Path.Combine(inB, "b.dcm")));
    }

    private string Make(string template, Study s, string[] references)
    {
        var dir = Directory.CreateDirectory(_dir.Combine("in-" + s.Name)).FullName;
        using var file = DicomFile.Open(template);
        var ds = file.Dataset;
        ds.SetString(DicomTags.PatientID, DicomVR.LO, PatientId);
        ds.SetString(DicomTags.PatientName, DicomVR.PN, "HARTWELLYN^MIRABEL");
        ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC" + s.StudyDate);
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, s.StudyUid);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, s.SeriesUid);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, s.SopUid);
        ds.SetString(DicomTags.FrameOfReferenceUID, DicomVR.UI, s.StudyUid + ".9");
        foreach (var date in new[] { DicomTags.StudyDate, DicomTags.SeriesDate, DicomTags.AcquisitionDate, DicomTags.ContentDate, DicomTags.InstanceCreationDate })
        {
            ds.SetString(date, DicomVR.DA, s.StudyDate);
        }
        var seq = new DicomSequence(DicomTags.ReferencedImageSequence);
        foreach (var uid in references)
        {
            var item = new DicomDataset();
            item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
            item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, uid);
            seq.AddItem(item);
        }
        ds.Set(seq);
        file.Save(Path.Combine(dir, s.Name + ".dcm"));
        return dir;
    }

    private string Run(string secret, string inDir, string name)
    {
        var outDir = _dir.Combine(name);
        var run = Edged.Deidentify("research-default", secret, inDir, outDir);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("edged deidentify failed: " + run.StdErr);
        }
        return outDir;
    }

    /// <summary>The output of <paramref name="s"/>: the file whose SOP Instance UID is the key's mapping of the original.</summary>
    private static DicomDataset Single(string outDir, WorkspaceKey key, Study s) =>
        Directory.EnumerateFiles(outDir, "*.dcm", SearchOption.AllDirectories)
            .Select(Read)
            .Single(ds => ds.GetString(DicomTags.SOPInstanceUID) == key.MapUid(s.SopUid));

    private static DicomDataset Read(string path)
    {
        using var file = DicomFile.Open(path, new DicomReaderOptions { BulkDataThreshold = int.MaxValue });
        return file.Dataset;
    }
}

/// <summary>Pseudonyms, date shifts and UIDs are the same across runs for one workspace and unlinkable across workspaces.</summary>
public class LongitudinalConsistencyTests(TwoStudiesFixture fixture) : IClassFixture<TwoStudiesFixture>
{
    [SkippableFact]
    public void Given_one_patients_two_studies_When_deidentified_by_two_separate_runs_Then_they_share_the_pseudonym_and_the_date_shift()
    {
        var r = fixture.Get();

        r.A.GetString(DicomTags.PatientID).Should().MatchRegex("^P[A-Z2-7]{12}$").And.Be(r.B.GetString(DicomTags.PatientID));
        r.A.GetString(DicomTags.PatientName).Should().Be(r.B.GetString(DicomTags.PatientName));
        var shiftA = Days(r.A, DicomTags.StudyDate) - Days(r.InputA, DicomTags.StudyDate);
        var shiftB = Days(r.B, DicomTags.StudyDate) - Days(r.InputB, DicomTags.StudyDate);
        shiftA.Should().Be(shiftB).And.BeInRange(-3650, -365);
    }

    [SkippableFact]
    public void Given_one_patients_two_studies_When_deidentified_by_two_separate_runs_Then_shared_and_cross_study_references_map_consistently()
    {
        var r = fixture.Get();
        var refsA = References(r.A);
        var refsB = References(r.B);

        refsA[0].Should().Be(r.Key.MapUid(TwoStudiesFixture.PriorSop)).And.Be(refsB[0], "both studies reference the same prior");
        refsB[1].Should().Be(r.A.GetString(DicomTags.SOPInstanceUID), "B's reference to A resolves to A's output");
        r.A.GetString(DicomTags.StudyInstanceUID).Should().NotBe(r.B.GetString(DicomTags.StudyInstanceUID));
    }

    [SkippableFact]
    public void Given_the_same_files_under_two_secrets_When_deidentified_Then_no_uid_pseudonym_accession_or_date_shift_is_shared()
    {
        var r = fixture.Get();
        var kept = Uids(r.InputA).Concat(Uids(r.InputB)).ToHashSet(StringComparer.Ordinal);

        var shared = Uids(r.A).Concat(Uids(r.B)).Intersect(Uids(r.OtherA).Concat(Uids(r.OtherB))).Where(u => !kept.Contains(u)).ToList();

        shared.Should().BeEmpty("a UID that the engine generates depends on the secret");
        Uids(r.OtherA).Should().Contain(r.OtherKey.MapUid(TwoStudiesFixture.PriorSop));
        r.OtherA.GetString(DicomTags.PatientID).Should().NotBe(r.A.GetString(DicomTags.PatientID));
        r.OtherA.GetString(DicomTags.AccessionNumber).Should().NotBe(r.A.GetString(DicomTags.AccessionNumber));
        (Days(r.OtherA, DicomTags.StudyDate) - Days(r.InputA, DicomTags.StudyDate))
            .Should().NotBe(Days(r.A, DicomTags.StudyDate) - Days(r.InputA, DicomTags.StudyDate));
        References(r.OtherB)[1].Should().Be(r.OtherA.GetString(DicomTags.SOPInstanceUID), "references still resolve within one workspace");
    }

    private static int Days(DicomDataset ds, DicomTag tag) =>
        DateOnly.ParseExact(ds.GetString(tag)!, "yyyyMMdd", CultureInfo.InvariantCulture).DayNumber;

    private static List<string?> References(DicomDataset ds) =>
        ds.GetSequence(DicomTags.ReferencedImageSequence)!.Items.Select(i => i.GetString(DicomTags.ReferencedSOPInstanceUID)).ToList();

    /// <summary>Every UID value at any depth.</summary>
    private static IEnumerable<string> Uids(DicomDataset ds) =>
        DatasetWalk.Values(ds).SelectMany(l => l.Values(DicomVR.UI)).Where(u => u.Length > 0);
}
