using Edge.Dicom.Data;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Query;
using Edge.Workspaces.Storage;

namespace Edge.Workspaces.Tests.Storage;

public sealed class PurgeTests : IDisposable
{
    private readonly WorkspaceTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private sealed class Recorder : IProgress<PurgeProgress>
    {
        public List<PurgeProgress> Reports { get; } = [];

        public void Report(PurgeProgress value)
        {
            lock (Reports)
            {
                Reports.Add(value);
            }
        }
    }

    [Fact]
    public async Task Given_a_workspace_with_instances_When_purged_Then_files_index_and_staging_are_gone_and_ingest_is_refused()
    {
        var store = await _bed.OpenAsync();
        for (var i = 0; i < 100; i++)
        {
            await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", $"1.2.3.4.{i}"));
        }
        var pending = await store.StageAsync();
        var progress = new Recorder();

        var result = await store.PurgeAsync(progress);

        result.FilesDeleted.Should().Be(100);
        progress.Reports.Should().NotBeEmpty();
        progress.Reports[^1].Should().Be(new PurgeProgress(100, 100, result.BytesDeleted));
        Directory.Exists(store.Directory).Should().BeFalse();
        Directory.Exists(Path.Combine(_bed.DataRoot, ".staging", "project-a")).Should().BeFalse();
        Directory.EnumerateFiles(Path.Combine(_bed.StateDirectory, "index")).Should().BeEmpty();
        store.IsPurged.Should().BeTrue();
        var stage = async () => await store.StageAsync();
        await stage.Should().ThrowAsync<WorkspacePurgedException>();
        var dataset = WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.999");
        var commit = () => store.CommitAsync(pending, dataset, TransferSyntax.ExplicitVRLittleEndian);
        await commit.Should().ThrowAsync<WorkspacePurgedException>();
        pending.Dispose();
        (await store.FindAsync(QueryLevel.Study, []).ToListAsync()).Should().BeEmpty();
        (await store.GetStatsAsync()).Instances.Should().Be(0);
    }

    [Fact]
    public async Task Given_ingest_in_progress_When_the_workspace_is_purged_Then_each_instance_is_stored_before_or_refused_and_nothing_remains()
    {
        var store = await _bed.OpenAsync();
        using var purgeStarted = new SemaphoreSlim(0);
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<string>();

        var writers = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                if (i == 20 && t == 0)
                {
                    purgeStarted.Release();
                }
                try
                {
                    await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", $"1.2.3.{t}", $"1.2.3.{t}.{i}"));
                    outcomes.Add("stored");
                }
                catch (WorkspacePurgedException)
                {
                    outcomes.Add("refused");
                }
            }
        })).ToList();
        await purgeStarted.WaitAsync();
        var result = await store.PurgeAsync();
        await Task.WhenAll(writers);

        outcomes.Should().HaveCount(800);
        outcomes.Count(o => o == "refused").Should().BePositive();
        result.FilesDeleted.Should().Be(outcomes.Count(o => o == "stored"), "every instance committed before the purge was deleted by it");
        Directory.Exists(store.Directory).Should().BeFalse();
        Directory.Exists(Path.Combine(_bed.DataRoot, ".staging", "project-a")).Should().BeFalse();
    }

    [Fact]
    public async Task Given_a_manager_When_an_expired_workspace_is_purged_Then_it_stays_purged_across_a_restart()
    {
        var registry = WorkspaceRegistry.Load(_bed.StateDirectory);
        var now = DateTimeOffset.UtcNow;
        await registry.AddAsync(WorkspaceTestBed.Definition("expired", "EDGE_OLD") with { RetainUntil = now.AddDays(-1) });
        await registry.AddAsync(WorkspaceTestBed.Definition("current", "EDGE_NEW") with { RetainUntil = now.AddDays(30) });
        await using (var manager = await WorkspaceManager.OpenAsync(registry, _bed.Options()))
        {
            var expired = await manager.GetStoreAsync("expired");
            await WorkspaceTestBed.StoreAsync(expired, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.5"));
            manager.ExpiredWorkspaces(now).Select(w => w.Name).Should().Equal("expired");

            var result = await manager.PurgeAsync("expired");

            result.FilesDeleted.Should().Be(1);
            manager.ExpiredWorkspaces(now).Should().BeEmpty();
        }

        var reloaded = WorkspaceRegistry.Load(_bed.StateDirectory);
        reloaded.Get("expired").IsPurged.Should().BeTrue();
        await using var restarted = await WorkspaceManager.OpenAsync(reloaded, _bed.Options());
        var store = await restarted.GetStoreAsync("expired");
        store.IsPurged.Should().BeTrue();
        var stage = async () => await store.StageAsync();
        await stage.Should().ThrowAsync<WorkspacePurgedException>();
        Directory.Exists(Path.Combine(_bed.DataRoot, "expired")).Should().BeFalse();
        (await restarted.GetStoreAsync("current")).IsPurged.Should().BeFalse();
    }

    [Fact]
    public async Task Given_a_purge_cut_short_by_a_crash_When_the_purged_workspace_is_opened_Then_the_purge_is_finished()
    {
        var definition = WorkspaceTestBed.Definition();
        using (var store = await WorkspaceStore.OpenAsync(definition, _bed.Options()))
        {
            await WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.5"));
        }

        // The registry said "purged" before the files were deleted, then the process died.
        using var reopened = await WorkspaceStore.OpenAsync(definition with { PurgedAt = DateTimeOffset.UtcNow }, _bed.Options());

        reopened.IsPurged.Should().BeTrue();
        Directory.Exists(Path.Combine(_bed.DataRoot, "project-a")).Should().BeFalse();
        File.Exists(Path.Combine(_bed.StateDirectory, "index", "project-a.db")).Should().BeFalse();
    }

    [Fact]
    public async Task Given_a_running_manager_When_a_workspace_is_created_Then_its_AE_title_selects_a_ready_store_and_changes_apply_at_once()
    {
        var registry = WorkspaceRegistry.Load(_bed.StateDirectory);
        await using var manager = await WorkspaceManager.OpenAsync(registry, _bed.Options());
        (await manager.FindStoreByCalledAeTitleAsync("EDGE_LATE")).Should().BeNull();

        await manager.CreateAsync(WorkspaceTestBed.Definition("late", "EDGE_LATE"));
        var store = await manager.FindStoreByCalledAeTitleAsync("EDGE_LATE");
        await WorkspaceTestBed.StoreAsync(store!, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.5"));
        await registry.UpdateAsync(registry.Get("late") with { QuotaBytes = 1 });

        store!.Name.Should().Be("late");
        store.Definition.QuotaBytes.Should().Be(1);
        var full = () => WorkspaceTestBed.StoreAsync(store, WorkspaceTestBed.Dataset("1.2.3", "1.2.3.4", "1.2.3.4.6"));
        await full.Should().ThrowAsync<WorkspaceFullException>();
        (await manager.GetStatsAsync("late")).Instances.Should().Be(1);
        var unknown = () => manager.GetStoreAsync("nope");
        await unknown.Should().ThrowAsync<UnknownWorkspaceException>();
    }
}
