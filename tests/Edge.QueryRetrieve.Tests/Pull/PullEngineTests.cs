using System.Net;
using System.Net.Sockets;
using Edge.Daemon.Configuration;
using Edge.Daemon.Pull;
using Edge.Testing;
using Edge.Workspaces;
using Edge.Workspaces.Definitions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.QueryRetrieve.Tests.Pull;

/// <summary>The pull engine's requests, state and failures, without a PACS to talk to.</summary>
public sealed class PullEngineTests : IDisposable
{
    private readonly TempDirectory _state = new("edge-qr-engine");

    private static readonly WorkspaceRegistry s_workspaces =
        WorkspaceRegistry.InMemory([new WorkspaceDefinition { Name = "project", AeTitle = "PROJECT" }]);

    /// <summary>An engine whose PACS is a port nobody listens on, unless another port is given.</summary>
    private PullEngine Open(bool withPacs = true, int? pacsPort = null) => PullEngine.Open(new PullEngineOptions
    {
        StateDirectory = _state.Path,
        Pacs = withPacs ? new PacsSection { AeTitle = "PACS", Host = "127.0.0.1", Port = pacsPort ?? FreePort.Next() } : null,
    }, s_workspaces, NullLoggerFactory.Instance);

    private static async Task<PullProgress> RunToEndAsync(PullEngine engine, string pullId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await engine.WatchAsync(pullId, timeout.Token).LastAsync(timeout.Token);
    }

    [Theory]
    [InlineData("ACC*1")]
    [InlineData(@"ACC1\ACC2")]
    [InlineData("ACC?")]
    public async Task Given_an_accession_number_that_would_match_more_When_a_pull_starts_Then_it_is_refused_without_echoing_the_value(string accession)
    {
        await using var engine = Open();

        var act = () => engine.Start(new PullRequest("project", PullSelection.ByAccessionNumber(accession), "tester"));

        act.Should().Throw<PullRequestException>().Which.Message.Should().NotContain(accession);
    }

    [Theory]
    [InlineData("2023-01-01", null)]
    [InlineData("20230230", null)]
    [InlineData("20230301", "20230201")]
    public async Task Given_a_malformed_or_inverted_date_range_When_a_patient_pull_starts_Then_it_is_refused(string from, string? to)
    {
        await using var engine = Open();

        var act = () => engine.Start(new PullRequest("project", PullSelection.ByPatient("PID1", from, to), "tester"));

        act.Should().Throw<PullRequestException>().WithMessage("*date*");
    }

    [Fact]
    public async Task Given_an_unknown_workspace_or_no_PACS_When_a_pull_starts_Then_it_is_refused()
    {
        await using var engine = Open();
        await using var withoutPacs = Open(withPacs: false);
        var selection = PullSelection.ByStudyInstanceUid("1.2.3");

        engine.Invoking(e => e.Start(new PullRequest("other", selection, "tester"))).Should().Throw<UnknownWorkspaceException>().WithMessage("*other*");
        withoutPacs.Invoking(e => e.Start(new PullRequest("project", selection, "tester"))).Should().Throw<PullNotConfiguredException>().WithMessage("*pacs*");
        engine.Invoking(e => e.Get("nope")).Should().Throw<UnknownPullException>();
    }

    [Fact]
    public async Task Given_an_unreachable_PACS_When_pulling_Then_the_pull_fails_with_a_problem_and_its_state_is_kept_private()
    {
        await using var engine = Open();

        var pull = engine.Start(new PullRequest("project", PullSelection.ByAccessionNumber("ACC-SECRET-1"), "tester"));
        var end = await RunToEndAsync(engine, pull.PullId);

        end.State.Should().Be(PullState.Failed);
        end.Problem.Should().Contain("PACS").And.NotContain("ACC-SECRET-1");
        var directory = Path.Combine(_state.Path, "pulls");
        File.GetUnixFileMode(directory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.GetUnixFileMode(Path.Combine(directory, pull.PullId + ".json")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Given_a_failed_pull_When_cancelled_and_listed_Then_it_is_cancelled_and_listed_only_with_finished_ones()
    {
        await using var engine = Open();
        var pull = engine.Start(new PullRequest("project", PullSelection.ByAccessionNumber("ACC-1"), "tester"));
        await RunToEndAsync(engine, pull.PullId);

        var cancelled = await engine.CancelAsync(pull.PullId);

        cancelled.Progress.State.Should().Be(PullState.Cancelled);
        engine.List().Should().BeEmpty();
        engine.List("project", includeFinished: true).Should().ContainSingle().Which.PullId.Should().Be(pull.PullId);
    }

    [Fact]
    public async Task Given_recorded_pulls_When_the_engine_is_opened_again_Then_they_are_listed_with_their_state()
    {
        string id;
        await using (var engine = Open())
        {
            id = engine.Start(new PullRequest("project", PullSelection.ByStudies([StudyKey.ByAccessionNumber("A1"), StudyKey.ByStudyInstanceUid("1.2.3")]),
                "tester", "why")).PullId;
            await RunToEndAsync(engine, id);
        }

        await using var reopened = Open();

        reopened.Get(id).Should().Match<PullSummary>(s => s.Workspace == "project" && s.RequestedBy == "tester" && s.Progress.State == PullState.Failed);
    }

    [Fact]
    public async Task Given_a_pull_interrupted_by_a_stop_When_reopened_without_a_PACS_Then_resuming_skips_it_and_keeps_it_interrupted()
    {
        // A PACS that accepts the connection and never answers keeps the pull running until the engine stops.
        using var silentPacs = new TcpListener(IPAddress.Loopback, 0);
        silentPacs.Start();
        string id;
        TcpClient accepted;
        await using (var engine = Open(pacsPort: ((IPEndPoint)silentPacs.LocalEndpoint).Port))
        {
            id = engine.Start(new PullRequest("project", PullSelection.ByStudyInstanceUid("1.2.3"), "tester")).PullId;
            // Held open until the engine has stopped: a connection closed first would fail the pull instead.
            accepted = await silentPacs.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        accepted.Dispose();

        await using var withoutPacs = Open(withPacs: false);
        var resumed = withoutPacs.ResumeInterrupted();

        resumed.Should().BeEmpty("a daemon whose configuration lost its PACS must still start");
        withoutPacs.Get(id).Progress.State.Should().Be(PullState.Interrupted);
    }

    public void Dispose() => _state.Dispose();
}
