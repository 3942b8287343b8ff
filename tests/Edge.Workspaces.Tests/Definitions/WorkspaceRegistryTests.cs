using Edge.Testing;
using Edge.Workspaces.Definitions;

namespace Edge.Workspaces.Tests.Definitions;

public sealed class WorkspaceRegistryTests : IDisposable
{
    private readonly TempDirectory _state = new("edge-registry");

    public void Dispose() => _state.Dispose();

    private static WorkspaceDefinition Full(string name, string ae) => WorkspaceTestBed.Definition(name, ae) with
    {
        Profile = "research-strict",
        AllowedCallers = [new AllowedCaller("PACS", "10.0.0.1"), new AllowedCaller(null, "127.0.0.0/8")],
        ResearchNodes =
        [
            new ResearchNode
            {
                AeTitle = "NODE1", Host = "10.0.0.9", Port = 11112, AllowMove = true,
                MoveDestinations = [new MoveDestination("NODE1_SCP", "10.0.0.9", 11113)],
            },
        ],
        RetainUntil = new DateTimeOffset(2031, 6, 30, 0, 0, 0, TimeSpan.Zero),
        QuotaBytes = 1L << 40,
        Owner = "nobody",
        Group = "nogroup",
    };

    [Fact]
    public async Task Given_workspaces_added_When_the_registry_is_loaded_again_Then_every_field_survives()
    {
        var registry = WorkspaceRegistry.Load(_state.Path);
        var a = Full("project-a", "EDGE_A");
        await registry.AddAsync(a);
        await registry.AddAsync(WorkspaceTestBed.Definition("project-b", "EDGE_B"));

        var reloaded = WorkspaceRegistry.Load(_state.Path);

        reloaded.All.Select(w => w.Name).Should().Equal("project-a", "project-b");
        var back = reloaded.Get("project-a");
        back.Should().BeEquivalentTo(a);
        File.GetUnixFileMode(_state.Combine(WorkspaceRegistry.FileName)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.EnumerateFiles(_state.Path).Should().ContainSingle("the temporary file of the atomic write is gone");
    }

    [Fact]
    public async Task Given_a_running_registry_When_a_workspace_is_added_Then_its_AE_title_resolves_at_once()
    {
        var registry = WorkspaceRegistry.Load(_state.Path);
        registry.FindByCalledAeTitle("EDGE_NEW").Should().BeNull();
        IReadOnlyList<WorkspaceDefinition>? announced = null;
        registry.Changed += (_, all) => announced = all;

        await registry.AddAsync(WorkspaceTestBed.Definition("new-project", "EDGE_NEW"));

        registry.FindByCalledAeTitle("EDGE_NEW")!.Name.Should().Be("new-project");
        registry.FindByCalledAeTitle("EDGE_NEW  ")!.Name.Should().Be("new-project", "AE titles are compared trimmed");
        registry.FindByCalledAeTitle("edge_new").Should().BeNull("AE titles are case-sensitive");
        announced.Should().ContainSingle(w => w.Name == "new-project");
    }

    [Fact]
    public async Task Given_a_registry_When_the_whole_set_is_replaced_Then_old_AE_titles_stop_resolving_and_the_file_follows()
    {
        var registry = WorkspaceRegistry.Load(_state.Path);
        await registry.AddAsync(WorkspaceTestBed.Definition("old", "EDGE_OLD"));

        await registry.ReplaceAllAsync([WorkspaceTestBed.Definition("fresh", "EDGE_FRESH")]);

        registry.FindByCalledAeTitle("EDGE_OLD").Should().BeNull();
        registry.FindByCalledAeTitle("EDGE_FRESH")!.Name.Should().Be("fresh");
        WorkspaceRegistry.Load(_state.Path).All.Select(w => w.Name).Should().Equal("fresh");
    }

    [Fact]
    public async Task Given_an_AE_title_in_use_When_another_workspace_claims_it_Then_the_change_is_refused_and_nothing_is_written()
    {
        var registry = WorkspaceRegistry.Load(_state.Path);
        await registry.AddAsync(WorkspaceTestBed.Definition("a", "EDGE_X"));
        var before = File.ReadAllText(_state.Combine(WorkspaceRegistry.FileName));

        var sameAe = () => registry.AddAsync(WorkspaceTestBed.Definition("b", " EDGE_X"));
        var sameName = () => registry.AddAsync(WorkspaceTestBed.Definition("a", "EDGE_Y"));

        await sameAe.Should().ThrowAsync<WorkspaceDefinitionException>().WithMessage("*share the AE title EDGE_X*");
        await sameName.Should().ThrowAsync<WorkspaceDefinitionException>().WithMessage("*already exists*");
        registry.All.Should().ContainSingle();
        File.ReadAllText(_state.Combine(WorkspaceRegistry.FileName)).Should().Be(before);
    }

    [Fact]
    public async Task Given_an_owner_unknown_on_this_host_When_added_Then_it_is_refused_before_anything_is_stored()
    {
        var registry = WorkspaceRegistry.Load(_state.Path);

        var act = () => registry.AddAsync(WorkspaceTestBed.Definition() with { Owner = "no-such-user-edge" });

        await act.Should().ThrowAsync<WorkspaceDefinitionException>().WithMessage("*no user named no-such-user-edge*");
        registry.All.Should().BeEmpty();
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "version": 1, "workspaces": [ { "name": "a", "aeTitle": "EDGE", "unexpected": 1 } ] }""")]
    [InlineData("""{ "version": 1, "workspaces": [ { "name": "a" } ] }""")]
    [InlineData("""{ "version": 1, "workspaces": [ { "name": "A B", "aeTitle": "EDGE" } ] }""")]
    [InlineData("""{ "version": 2, "workspaces": [] }""")]
    public void Given_a_damaged_registry_file_When_loaded_Then_a_typed_error_names_the_file(string content)
    {
        File.WriteAllText(_state.Combine(WorkspaceRegistry.FileName), content);

        var act = () => WorkspaceRegistry.Load(_state.Path);

        act.Should().Throw<WorkspaceDefinitionException>().WithMessage($"*{WorkspaceRegistry.FileName}*");
    }

    [Fact]
    public async Task Given_concurrent_additions_When_they_finish_Then_every_workspace_is_registered_and_persisted()
    {
        var registry = WorkspaceRegistry.Load(_state.Path);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => registry.AddAsync(WorkspaceTestBed.Definition($"ws-{i}", $"EDGE_{i}")))));

        registry.All.Should().HaveCount(20);
        WorkspaceRegistry.Load(_state.Path).All.Should().HaveCount(20);
        Enumerable.Range(0, 20).Should().OnlyContain(i => registry.FindByCalledAeTitle($"EDGE_{i}")!.Name == $"ws-{i}");
    }
}
