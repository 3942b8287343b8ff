using Edge.Integration.Tests.Support;
using Edge.Testing;

namespace Edge.Integration.Tests.Ingest;

/// <summary>Start, stop and refusal to start of the real daemon, as systemd and an administrator see them.</summary>
public sealed class LifecycleTests : IDisposable
{
    private readonly TempDirectory _directory = new("edge-it-life");

    public void Dispose() => _directory.Dispose();

    [SkippableFact]
    public async Task Given_the_embedded_default_When_echoscu_calls_edge_Then_it_answers()
    {
        await using var edged = await EdgedProcess.StartAsync(_directory.Combine("state"));

        var echo = await Dcmtk.EchoAsync(edged.Port, EdgedProcess.DefaultAeTitle);

        echo.ExitCode.Should().Be(0, echo.Output);
        echo.Output.Should().Contain("Received Echo Response (Success)");
        (await edged.TerminateAsync()).Should().Be(0);
    }

    [SkippableFact]
    public async Task Given_a_storescu_run_in_progress_When_edged_gets_sigterm_Then_it_finishes_the_association_stores_everything_and_exits_0()
    {
        // Enough that storescu is still sending when the signal comes (its output reaches us in pipe-sized bursts).
        var files = SyntheticCt.Study(_directory.Combine("in"), 300);
        var config = EdgeConfig.Write(_directory.Path, [new WorkspaceSpec("default", EdgedProcess.DefaultAeTitle)]);
        await using var edged = await EdgedProcess.StartAsync(_directory.Combine("state"), config);
        await using var scu = StoreScu.Start(edged.Port, EdgedProcess.DefaultAeTitle, [], files.Select(f => f.Path));
        await scu.WaitForSuccessesAsync(5, TimeSpan.FromSeconds(60));

        var exit = await edged.TerminateAsync();
        var run = await scu.WaitAsync(TimeSpan.FromSeconds(60));

        exit.Should().Be(0, edged.Output);
        run.Succeeded.Should().HaveCount(files.Count, run.Output);
        edged.State.InstanceFiles("default").Should().HaveCount(files.Count);
        edged.State.PartialFiles().Should().BeEmpty();
        edged.Output.Should().Contain("Stopping: draining associations").And.Contain("Stopped");
    }

    [SkippableTheory]
    [InlineData("""{ "dicom": { "idleTimeoutSeconds": 0 }, "workspaces": [ { "name": "a", "aeTitle": "EDGE_A" } ] }""", "dicom.idleTimeoutSeconds")]
    [InlineData("""{ "workspaces": [ { "name": "a", "aeTitel": "EDGE_A" } ] }""", "aeTitel")]
    [InlineData("""{ "workspaces": [ { "name": "a", "aeTitle": "EDGE_A", "quotaGb": -1 } ] }""", "quotaGb")]
    public async Task Given_a_bad_configuration_When_edged_starts_Then_it_exits_non_zero_naming_the_key(string json, string key)
    {
        var config = _directory.Combine("bad.json");
        await File.WriteAllTextAsync(config, json);

        var (exitCode, output) = await EdgedProcess.RunToExitAsync(_directory.Combine("state"), config, TimeSpan.FromSeconds(60));

        exitCode.Should().NotBe(0);
        output.Should().Contain(key);
    }
}
