using System.Text.Json;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests.EndToEnd;

/// <summary>edgectl watch follows the ingest monitor's stream from the daemon.</summary>
[Collection(EndToEndCollection.Name)]
public class WatchTests(DaemonFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly EdgeDaemon _edge = fixture.Daemon;

    [SkippableFact]
    public async Task Given_edgectl_watch_json_When_a_study_is_stored_Then_a_snapshot_then_an_instance_stored_line_per_instance_arrive()
    {
        var study = SeededStudy.Get();
        _edge.Edgectl("workspace", "create", "watched", "--ae", "EDGE_WATCHED", "--caller", "@127.0.0.1").ExitCode.Should().Be(0);
        using var watch = _edge.StartEdgectl("--json", "watch", "--workspace", "watched");
        var first = JsonDocument.Parse(await watch.NextLineAsync(Patience)).RootElement;

        _edge.StoreScu("EDGE_WATCHED", [.. study.Files]).ExitCode.Should().Be(0);

        first.GetProperty("event").GetString().Should().Be("snapshot");
        first.GetProperty("snapshot").GetProperty("throughput").TryGetProperty("instances_stored", out _).Should().BeTrue();
        var stored = new List<JsonElement>();
        while (stored.Count < study.Files.Count)
        {
            var line = JsonDocument.Parse(await watch.NextLineAsync(Patience)).RootElement;
            if (line.GetProperty("event").GetString() == "instance_stored")
            {
                stored.Add(line.GetProperty("instance_stored"));
            }
        }
        stored.Should().OnlyContain(s => s.GetProperty("workspace").GetString() == "watched");
        stored.Select(s => s.GetProperty("sop_instance_uid").GetString()).Should().OnlyContain(uid => uid!.StartsWith("2.25.", StringComparison.Ordinal))
            .And.OnlyHaveUniqueItems();
    }
}
