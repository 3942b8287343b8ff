using Edge.Dicom;
using Edge.Dicom.Data;
using Edge.Testing;
using Edge.Workspaces.Query;
using Xunit.Abstractions;

namespace Edge.Workspaces.Tests.Storage;

public sealed class CorpusIngestTests(ITestOutputHelper output) : IDisposable
{
    private readonly WorkspaceTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [SkippableFact]
    public async Task Given_the_real_corpus_When_every_file_is_stored_Then_each_is_indexed_or_refused_with_a_typed_error_and_DCMTK_reads_what_was_stored()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("dcmdump");
        var store = await _bed.OpenAsync();
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        var refused = 0;

        foreach (var path in Corpus.RealFiles())
        {
            try
            {
                using var file = DicomFile.Open(path);
                using var staged = await store.StageAsync();
                file.Write(staged.Stream);
                var result = await store.CommitAsync(staged, file.Dataset, file.TransferSyntax);
                stored[result.SopInstanceUid] = result.StudyInstanceUid;
            }
            catch (DicomException ex)
            {
                // Unreadable, or UIDs that cannot name a file: refused with one of our exceptions, never a crash.
                output.WriteLine($"{Path.GetFileName(path)}: {ex.GetType().Name}");
                refused++;
            }
        }

        stored.Should().NotBeEmpty();
        var stats = await store.GetStatsAsync();
        stats.Instances.Should().Be(stored.Count);
        var studies = await store.FindAsync(QueryLevel.Study, [new QueryKey(DicomTags.StudyInstanceUID)]).ToListAsync();
        studies.Select(m => m[DicomTags.StudyInstanceUID]).Should().BeEquivalentTo(stored.Values.Distinct());
        var files = await store.ListInstanceFilesAsync(QueryLevel.Study, stored.Values.Distinct());
        files.Select(f => f.SopInstanceUid).Should().BeEquivalentTo(stored.Keys);
        foreach (var file in files.Take(12))
        {
            ExternalTool.Run("dcmdump", "-q", file.Path).ExitCode.Should().Be(0, file.Path);
        }
        refused.Should().BeLessThan(Corpus.RealFiles().Count);
    }
}
