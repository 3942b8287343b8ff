using System.Xml.Linq;
using Edge.Cli.Tests.Support;
using Edge.Testing;

namespace Edge.Cli.Tests.CommandLine;

/// <summary>edgectl's command line on its own: usage errors, an absent daemon, help, completion, its dependencies.</summary>
[Collection(EndToEndCollection.Name)]
public class CommandLineTests
{
    private static ToolResult Edgectl(params string[] args) =>
        ExternalTool.Run(PublishedBinaries.Get().Edgectl, args, TimeSpan.FromSeconds(60));

    [Fact]
    public void Given_the_edgectl_project_When_its_references_are_read_Then_it_depends_on_the_contract_alone()
    {
        var project = XDocument.Load(Path.Combine(Corpus.RepoRoot, "cli", "Edge.Cli", "Edge.Cli.csproj"));

        var references = project.Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value.Replace('\\', '/')).ToList();

        references.Should().Equal("../../proto/Edge.Control.Contracts/Edge.Control.Contracts.csproj");
    }

    [Fact]
    public void Given_a_command_missing_a_required_option_When_run_Then_edgectl_exits_2_naming_the_option()
    {
        var run = Edgectl("workspace", "create", "lung-ct");

        run.ExitCode.Should().Be(2);
        run.StdErr.Should().Contain("--ae");
    }

    [Fact]
    public void Given_a_malformed_research_node_When_run_Then_edgectl_exits_2_before_calling_the_daemon()
    {
        var run = Edgectl("--socket", "/nonexistent/control.sock", "workspace", "create", "lung-ct", "--ae", "EDGE_LUNG", "--node", "GPU1@host:notaport");

        run.ExitCode.Should().Be(2);
        run.StdErr.Should().Contain("port");
    }

    [Fact]
    public void Given_no_daemon_behind_the_socket_When_a_command_runs_Then_edgectl_exits_3_naming_the_socket()
    {
        using var directory = new TempDirectory("edge-cli-nosocket");
        var socket = directory.Combine("control.sock");

        var run = Edgectl("--socket", socket, "system", "health");

        run.ExitCode.Should().Be(3);
        run.StdErr.Should().Contain("UNAVAILABLE").And.Contain(socket);
    }

    [Fact]
    public void Given_help_for_a_command_When_asked_Then_it_shows_the_options_and_examples()
    {
        var run = Edgectl("workspace", "create", "--help");

        run.ExitCode.Should().Be(0);
        run.StdOut.Should().Contain("--retain-until").And.Contain("Examples:").And.Contain("edgectl workspace create lung-ct --ae EDGE_LUNG");
    }

    [Fact]
    public void Given_a_partial_command_line_When_completion_is_asked_Then_the_matching_subcommands_are_suggested_and_a_bash_script_is_printed()
    {
        const string line = "edgectl workspace cr";

        var suggestions = Edgectl($"[suggest:{line.Length}]", line);
        var script = Edgectl("completion", "bash");

        suggestions.ExitCode.Should().Be(0);
        suggestions.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("create");
        script.StdOut.Should().Contain("complete -o default -F _edgectl_complete edgectl");
    }
}
