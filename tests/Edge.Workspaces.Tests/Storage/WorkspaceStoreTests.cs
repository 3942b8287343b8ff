using Edge.Dicom.Data;
using Edge.Testing;
using Edge.Workspaces.Query;
using Edge.Workspaces.Storage;

namespace Edge.Workspaces.Tests.Storage;

public sealed class WorkspaceStoreTests : IDisposable
{
    private const UnixFileMode Mode0750 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
    private const UnixFileMode Mode0640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly WorkspaceTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Given_an_instance_When_committed_Then_it_is_at_study_series_instance_with_modes_0750_and_0640()
    {
        var store = await _bed.OpenAsync();

        var stored = await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.5"));

        var expected = Path.Combine(_bed.DataRoot, "project-a", "1.2.3", "1.2.3.4", "1.2.3.4.5.dcm");
        stored.Path.Should().Be(expected);
        stored.Replaced.Should().BeFalse();
        File.GetUnixFileMode(expected).Should().Be(Mode0640);
        File.GetUnixFileMode(Path.GetDirectoryName(expected)!).Should().Be(Mode0750);
        File.GetUnixFileMode(Path.Combine(_bed.DataRoot, "project-a", "1.2.3")).Should().Be(Mode0750);
        File.GetUnixFileMode(Path.Combine(_bed.DataRoot, "project-a")).Should().Be(Mode0750);
        File.GetUnixFileMode(Path.Combine(_bed.StateDirectory, "index", "project-a.db")).Should().Be(Mode0600);
        using var back = DicomFile.Open(expected);
        back.Dataset.GetString(DicomTags.SOPInstanceUID).Should().Be("1.2.3.4.5");
        stored.Size.Should().Be(new FileInfo(expected).Length);
    }

    [Fact]
    public async Task Given_an_owner_and_group_When_an_instance_is_committed_Then_files_and_directories_carry_them()
    {
        // Root may give files away; anyone else may only chown to itself and its own group.
        var root = Environment.UserName == "root";
        var owner = root ? "nobody" : ExternalTool.Run("id", "-un").StdOut.Trim();
        var group = root ? "nogroup" : ExternalTool.Run("id", "-gn").StdOut.Trim();
        var store = await _bed.OpenAsync(WorkspaceTestBed.Definition() with { Owner = owner, Group = group });

        var stored = await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.5"));

        foreach (var path in new[] { stored.Path, Path.GetDirectoryName(stored.Path)!, store.Directory })
        {
            ExternalTool.Run("stat", "-c", "%U:%G", path).StdOut.Trim().Should().Be($"{owner}:{group}", path);
        }
    }

    [Fact]
    public async Task Given_a_staged_instance_When_not_yet_committed_Then_it_is_outside_the_workspace_tree_and_invisible()
    {
        var store = await _bed.OpenAsync();

        using var staged = await store.StageAsync();
        DicomFile.Create(WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.5"), TransferSyntax.ExplicitVRLittleEndian).Write(staged.Stream);
        await staged.Stream.FlushAsync();

        staged.Path.Should().StartWith(Path.Combine(_bed.DataRoot, ".staging", "project-a") + "/");
        Directory.EnumerateFiles(store.Directory, "*", SearchOption.AllDirectories).Should().BeEmpty();
        (await store.GetStatsAsync()).Instances.Should().Be(0);
    }

    [Fact]
    public async Task Given_a_staged_instance_When_disposed_without_commit_Then_its_file_is_deleted()
    {
        var store = await _bed.OpenAsync();
        var staged = await store.StageAsync();
        var path = staged.Path;

        staged.Dispose();

        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task Given_a_stored_instance_When_the_same_SOP_instance_arrives_again_Then_it_replaces_the_old_one_and_is_counted()
    {
        var store = await _bed.OpenAsync();
        await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.5", accession: "FIRST"));

        var second = await WorkspaceTestBed.StoreAsync(store,
            WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.5", accession: "SECOND", pixels: 64));

        second.Replaced.Should().BeTrue();
        Directory.EnumerateFiles(store.Directory, "*", SearchOption.AllDirectories).Should().ContainSingle();
        using (var back = DicomFile.Open(second.Path))
        {
            back.Dataset.GetString(DicomTags.AccessionNumber).Should().Be("SECOND");
        }
        var stats = await store.GetStatsAsync();
        stats.Instances.Should().Be(1);
        stats.Bytes.Should().Be(second.Size);
        store.UsedBytes.Should().Be(second.Size);
    }

    [Fact]
    public async Task Given_readers_of_an_instance_When_it_is_replaced_repeatedly_Then_every_read_sees_a_whole_file()
    {
        var store = await _bed.OpenAsync();
        var first = await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.5", pixels: 4096));
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var file = DicomFile.Open(first.Path);
                var pixels = ((DicomValueElement)file.Dataset.Get(DicomTags.PixelData)!).GetBytes().Length;
                pixels.Should().BeOneOf(4096, 8192);
                Interlocked.Increment(ref reads);
            }
        });

        // At least 40 replacements, and on a loaded machine as many more as it takes for the reader to overlap them.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        for (var i = 0; i < 40 || (Volatile.Read(ref reads) < 20 && DateTime.UtcNow < deadline && !reader.IsCompleted); i++)
        {
            var pixels = i % 2 == 0 ? 8192 : 4096;
            (await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.5", pixels: pixels)))
                .Replaced.Should().BeTrue();
        }
        await stop.CancelAsync();
        await reader;

        reads.Should().BeGreaterThanOrEqualTo(20);
        (await store.GetStatsAsync()).Instances.Should().Be(1);
    }

    [Theory]
    [InlineData("../1.2", "1.2.3.4", "1.2.3.4.5")]
    [InlineData("1.2.3", "..", "1.2.3.4.5")]
    [InlineData("1.2.3", "1.2.3.4", "../../../../etc/passwd")]
    [InlineData("1.2.abc", "1.2.3.4", "1.2.3.4.5")]
    [InlineData("1.2.3", "1.2.3.4", "1.2..3")]
    [InlineData("1.2.3", "/tmp", "1.2.3.4.5")]
    [InlineData("1.2.3", "1.2.3.4", "")]
    [InlineData("1.2.3", "1.2.3.4", "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21.22.23.24.25.26.27")]
    public async Task Given_a_UID_that_is_not_a_plain_UID_When_committed_Then_it_is_refused_and_nothing_leaves_the_root(
        string study, string series, string sop)
    {
        var store = await _bed.OpenAsync();
        var before = Directory.EnumerateFileSystemEntries(_bed.StateDirectory, "*", SearchOption.AllDirectories).ToHashSet();

        using (var staged = await store.StageAsync())
        {
            var dataset = WorkspaceTestBed.Dataset(study, series, sop);
            DicomFile.Create(dataset, TransferSyntax.ExplicitVRLittleEndian).Write(staged.Stream);
            var act = () => store.CommitAsync(staged, dataset, TransferSyntax.ExplicitVRLittleEndian);
            await act.Should().ThrowAsync<InvalidUidException>();
        }

        Directory.EnumerateFileSystemEntries(_bed.StateDirectory, "*", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/index/", StringComparison.Ordinal) && !IsEmptyStagingFile(p))
            .Should().BeEquivalentTo(before.Where(p => !p.Contains("/index/", StringComparison.Ordinal)));
        (await store.GetStatsAsync()).Instances.Should().Be(0);
    }

    /// <summary>An empty staging file, as the store makes ahead for the next instance.</summary>
    private static bool IsEmptyStagingFile(string path) =>
        path.Contains("/.staging/", StringComparison.Ordinal) && path.EndsWith(".part", StringComparison.Ordinal) && new FileInfo(path).Length == 0;

    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2", true)]
    [InlineData("0", true)]
    [InlineData("1.2.", false)]
    [InlineData(".1.2", false)]
    [InlineData("1..2", false)]
    [InlineData("..", false)]
    [InlineData("1.2/3", false)]
    [InlineData("1.2.3a", false)]
    [InlineData("１.２", false)]
    public void Given_a_UID_When_checked_as_a_path_component_Then_only_digits_between_single_dots_pass(string uid, bool valid) =>
        UidPaths.IsValid(uid).Should().Be(valid);

    [Fact]
    public async Task Given_a_quota_When_an_instance_would_exceed_it_Then_commit_and_later_staging_raise_WorkspaceFull()
    {
        var store = await _bed.OpenAsync(WorkspaceTestBed.Definition(quota: 2048));
        var fits = await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.1", pixels: 512));

        var tooBig = () => WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.2", pixels: 4096));
        var full = await tooBig.Should().ThrowAsync<WorkspaceFullException>();
        full.Which.DiskReserve.Should().BeFalse();
        full.Which.Workspace.Should().Be("project-a");

        var stageTooMuch = async () => await store.StageAsync(expectedBytes: 4096);
        await stageTooMuch.Should().ThrowAsync<WorkspaceFullException>();
        (await store.GetStatsAsync()).Instances.Should().Be(1);
        store.UsedBytes.Should().Be(fits.Size);
        Directory.EnumerateFiles(Path.Combine(_bed.DataRoot, ".staging", "project-a"))
            .Should().OnlyContain(f => new FileInfo(f).Length == 0, "nothing of the refused instances stays; empty files made ahead may");
    }

    [Fact]
    public async Task Given_an_instance_staged_When_the_store_runs_on_Then_empty_files_are_made_ahead_and_disposing_the_store_deletes_them()
    {
        var staging = Path.Combine(_bed.DataRoot, ".staging", "project-a");
        var store = await _bed.OpenAsync(WorkspaceTestBed.Definition());
        Directory.EnumerateFiles(staging).Should().BeEmpty("files are made ahead only once ingest has begun");

        var first = await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.1"));
        var madeAhead = await Poll.UntilAsync(() => Directory.EnumerateFiles(staging).Count() == 2, TimeSpan.FromSeconds(5));
        var second = await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.2"));
        store.Dispose();

        madeAhead.Should().BeTrue();
        File.Exists(first.Path).Should().BeTrue();
        File.Exists(second.Path).Should().BeTrue();
        new FileInfo(second.Path).Length.Should().Be(second.Size, "a file made ahead is written from its start like a new one");
        Directory.EnumerateFiles(staging).Should().BeEmpty();
    }

    [Fact]
    public async Task Given_a_free_space_reserve_larger_than_the_disk_When_staging_Then_WorkspaceFull_names_the_disk()
    {
        var store = await _bed.OpenAsync(options: _bed.Options(freeSpaceReserve: long.MaxValue / 2));

        var act = async () => await store.StageAsync();

        (await act.Should().ThrowAsync<WorkspaceFullException>()).Which.DiskReserve.Should().BeTrue();
    }

    [Fact]
    public async Task Given_a_crash_that_left_staging_files_an_orphan_row_and_an_unindexed_file_When_reopened_Then_all_is_reconciled()
    {
        var definition = WorkspaceTestBed.Definition();
        var options = _bed.Options();
        string kept, lost, unindexedPath;
        using (var store = await WorkspaceStore.OpenAsync(definition, options))
        {
            kept = (await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.1"))).Path;
            lost = (await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.2"))).Path;
            // A commit cut short after its rename: the file is in place, its row never written.
            var unindexed = WorkspaceTestBed.Dataset("1.2.3", "1.2.3.5", "1.2.3.5.1", modality: "MR");
            unindexedPath = Path.Combine(store.Directory, "1.2.3", "1.2.3.5", "1.2.3.5.1.dcm");
            Directory.CreateDirectory(Path.GetDirectoryName(unindexedPath)!);
            DicomFile.Create(unindexed, TransferSyntax.ExplicitVRLittleEndian).Save(unindexedPath);
            // Ingests cut short before their commit.
            var interrupted = await store.StageAsync();
            await interrupted.Stream.WriteAsync(new byte[100]);
            await interrupted.Stream.FlushAsync();
            File.WriteAllBytes(Path.Combine(_bed.DataRoot, ".staging", "project-a", "leftover.part"), new byte[10]);
            // A file lost from the tree while its row stays.
            File.Delete(lost);
            // A stray file that is not an instance is left alone.
            File.WriteAllText(Path.Combine(store.Directory, "1.2.3", "notes.txt"), "x");
        }

        using var reopened = await WorkspaceStore.OpenAsync(definition, options);

        reopened.Recovery.Should().Be(new RecoveryReport(StagingFilesRemoved: 2, RowsRemoved: 1, FilesIndexed: 1, StaleFilesRemoved: 0, FilesIgnored: 1));
        Directory.EnumerateFileSystemEntries(Path.Combine(_bed.DataRoot, ".staging", "project-a")).Should().BeEmpty();
        var stats = await reopened.GetStatsAsync();
        stats.Should().Be(new WorkspaceStats("project-a", 1, 1, 2, 2, new FileInfo(kept).Length + new FileInfo(unindexedPath).Length));
        reopened.UsedBytes.Should().Be(stats.Bytes);
        var files = await reopened.ListInstanceFilesAsync(Workspaces.Query.QueryLevel.Study, ["1.2.3"]);
        files.Select(f => f.Path).Should().BeEquivalentTo([kept, unindexedPath]);
        files.Should().OnlyContain(f => File.Exists(f.Path));
    }

    [Fact]
    public async Task Given_a_replacement_whose_old_copy_survived_a_crash_When_reopened_Then_the_stale_copy_is_deleted()
    {
        var definition = WorkspaceTestBed.Definition();
        string current, stalePath;
        using (var store = await WorkspaceStore.OpenAsync(definition, _bed.Options()))
        {
            // The same SOP instance stored again under another series: the old file is the stale one.
            current = (await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.9", "1.2.3.4.1"))).Path;
            stalePath = Path.Combine(store.Directory, "1.2.3", "1.2.3.4", "1.2.3.4.1.dcm");
            Directory.CreateDirectory(Path.GetDirectoryName(stalePath)!);
            DicomFile.Create(WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.1"), TransferSyntax.ExplicitVRLittleEndian).Save(stalePath);
        }

        using var reopened = await WorkspaceStore.OpenAsync(definition, _bed.Options());

        reopened.Recovery.StaleFilesRemoved.Should().Be(1);
        File.Exists(stalePath).Should().BeFalse();
        File.Exists(current).Should().BeTrue();
    }

    [Fact]
    public async Task Given_an_instance_moved_to_another_series_When_replaced_Then_the_old_file_and_empty_series_are_gone()
    {
        var store = await _bed.OpenAsync();
        var old = await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.1"));

        var moved = await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.9", "1.2.3.4.1"));

        moved.Replaced.Should().BeTrue();
        File.Exists(old.Path).Should().BeFalse();
        File.Exists(moved.Path).Should().BeTrue();
        (await store.GetStatsAsync()).Should().Be(new WorkspaceStats("project-a", 1, 1, 1, 1, moved.Size));
    }

    [Fact]
    public async Task Given_later_instances_with_changed_attributes_When_committed_Then_the_index_holds_the_latest_and_prunes_the_emptied_patient()
    {
        var store = await _bed.OpenAsync();
        await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.1", patientId: "P1"));
        async Task<string?> Find(QueryLevel level, DicomTag returned, params QueryKey[] keys) =>
            (await store.FindAsync(new WorkspaceQuery(level, [.. keys, new QueryKey(returned)])).ToListAsync()).Single()[returned];

        // Same patient, study and series; every indexed attribute of the three changed.
        await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.2", patientId: "P1",
            patientName: "DOE^JANE", birthDate: "19710202", sex: "F", studyDescription: "ABDOMEN", accession: "ACC002",
            studyDate: "20210304", referring: "JONES^BOB", modality: "MR", seriesNumber: 7));

        (await Find(QueryLevel.Patient, DicomTags.PatientName, new QueryKey(DicomTags.PatientName, "doe^jane"))).Should().Be("DOE^JANE");
        (await Find(QueryLevel.Patient, DicomTags.PatientBirthDate)).Should().Be("19710202");
        (await Find(QueryLevel.Study, DicomTags.StudyDescription, new QueryKey(DicomTags.StudyDate, "20210301-20210331"))).Should().Be("ABDOMEN");
        (await Find(QueryLevel.Study, DicomTags.ReferringPhysicianName, new QueryKey(DicomTags.ReferringPhysicianName, "jones*"))).Should().Be("JONES^BOB");
        (await Find(QueryLevel.Series, DicomTags.SeriesNumber, new QueryKey(DicomTags.Modality, "MR"))).Should().Be("7");

        // The study now belongs to another patient: the first one has nothing left and goes.
        await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.3", patientId: "P2"));

        (await Find(QueryLevel.Patient, DicomTags.PatientID)).Should().Be("P2");
        (await Find(QueryLevel.Series, DicomTags.Modality)).Should().Be("CT");
        var stats = await store.GetStatsAsync();
        (stats.Patients, stats.Studies, stats.Series, stats.Instances).Should().Be((1L, 1L, 1L, 3L));
    }

    [Fact]
    public async Task Given_several_threads_When_they_commit_concurrently_Then_the_index_matches_the_files()
    {
        var store = await _bed.OpenAsync();
        const int threads = 8, perThread = 25;

        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < perThread; i++)
            {
                // Four studies, two series each, shared by all threads; every tenth instance is stored twice.
                var study = $"1.2.{i % 4}";
                var series = $"{study}.{t % 2}";
                var sop = $"{series}.{t}.{i}";
                await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset(study, series, sop, patientId: $"P{i % 4}",
                    modality: t % 2 == 0 ? "CT" : "MR", instanceNumber: i));
                if (i % 10 == 0)
                {
                    (await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset(study, series, sop, patientId: $"P{i % 4}",
                        modality: t % 2 == 0 ? "CT" : "MR", instanceNumber: i))).Replaced.Should().BeTrue();
                }
            }
        })));

        var files = Directory.EnumerateFiles(store.Directory, "*.dcm", SearchOption.AllDirectories).ToList();
        var stats = await store.GetStatsAsync();
        stats.Should().Be(new WorkspaceStats("project-a", 4, 4, 8, threads * perThread, files.Sum(f => new FileInfo(f).Length)));
        store.UsedBytes.Should().Be(stats.Bytes);
        var listed = await store.ListInstanceFilesAsync(Workspaces.Query.QueryLevel.Study, ["1.2.0", "1.2.1", "1.2.2", "1.2.3"]);
        listed.Select(f => f.Path).Should().BeEquivalentTo(files);
    }
}
