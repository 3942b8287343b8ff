using System.Net;
using Edge.Workspaces.Definitions;

namespace Edge.Workspaces.Tests.Definitions;

public sealed class WorkspaceDefinitionTests
{
    [Theory]
    [InlineData("EDGE")]
    [InlineData("EDGE_PROJECT_A")]
    [InlineData("SIXTEEN_CHARS_AE")]
    [InlineData("  PADDED  ")]
    [InlineData("lower-case.ok")]
    public void Given_a_valid_AE_title_When_validated_Then_it_is_accepted(string aeTitle) =>
        AeTitles.IsValid(aeTitle).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("    ")]
    [InlineData("SEVENTEEN_CHARS_A")]
    [InlineData("BACK\\SLASH")]
    [InlineData("TAB\tAE")]
    [InlineData("ÉDGE")]
    public void Given_an_invalid_AE_title_When_a_definition_uses_it_Then_validation_names_the_field(string aeTitle)
    {
        var act = () => WorkspaceTestBed.Definition(aeTitle: aeTitle).Validate();

        act.Should().Throw<WorkspaceDefinitionException>().WithMessage("*aeTitle*");
    }

    [Theory]
    [InlineData("project-a")]
    [InlineData("p_1")]
    [InlineData("0123456789012345678901234567890123456789")]
    public void Given_a_valid_workspace_name_When_validated_Then_it_is_accepted(string name) =>
        WorkspaceNames.IsValid(name).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("Project")]
    [InlineData("../etc")]
    [InlineData("a b")]
    [InlineData(".staging")]
    [InlineData("01234567890123456789012345678901234567890")]
    public void Given_an_invalid_workspace_name_When_a_definition_uses_it_Then_it_is_refused(string name)
    {
        var act = () => WorkspaceTestBed.Definition(name: name).Validate();

        act.Should().Throw<WorkspaceDefinitionException>().WithMessage("*workspace name*");
    }

    [Fact]
    public void Given_a_non_positive_quota_When_validated_Then_it_is_refused()
    {
        var act = () => WorkspaceTestBed.Definition(quota: 0).Validate();

        act.Should().Throw<WorkspaceDefinitionException>().WithMessage("*quotaBytes*");
    }

    [Fact]
    public void Given_move_destinations_without_move_permission_When_validated_Then_it_is_refused()
    {
        var definition = WorkspaceTestBed.Definition() with
        {
            ResearchNodes = [new ResearchNode { AeTitle = "NODE1", MoveDestinations = [new MoveDestination("DEST", "10.0.0.5", 104)] }],
        };

        var act = () => definition.Validate();

        act.Should().Throw<WorkspaceDefinitionException>().WithMessage("*allowMove*");
    }

    [Fact]
    public async Task Given_allowed_callers_When_a_caller_is_checked_Then_AE_title_and_host_must_both_match()
    {
        var definition = WorkspaceTestBed.Definition() with
        {
            AllowedCallers = [new AllowedCaller("PACS", "10.1.2.3"), new AllowedCaller(null, "127.0.0.0/8"), new AllowedCaller("ANYWHERE")],
        };

        (await definition.AcceptsCallerAsync("PACS", IPAddress.Parse("10.1.2.3"))).Should().BeTrue();
        (await definition.AcceptsCallerAsync(" PACS ", IPAddress.Parse("::ffff:10.1.2.3"))).Should().BeTrue();
        (await definition.AcceptsCallerAsync("PACS", IPAddress.Parse("10.1.2.4"))).Should().BeFalse();
        (await definition.AcceptsCallerAsync("pacs", IPAddress.Parse("10.1.2.3"))).Should().BeFalse();
        (await definition.AcceptsCallerAsync("WHOEVER", IPAddress.Loopback)).Should().BeTrue();
        (await definition.AcceptsCallerAsync("ANYWHERE", IPAddress.Parse("192.168.9.9"))).Should().BeTrue();
        (await definition.AcceptsCallerAsync("OTHER", IPAddress.Parse("192.168.9.9"))).Should().BeFalse();
    }

    [Fact]
    public async Task Given_a_granted_research_node_When_it_calls_Then_it_is_found_with_its_rights_and_destinations()
    {
        var node = new ResearchNode
        {
            AeTitle = "NODE1",
            Host = "localhost",
            AllowMove = true,
            MoveDestinations = [new MoveDestination("NODE1_STORE", "127.0.0.1", 11113)],
        };
        var definition = WorkspaceTestBed.Definition() with { ResearchNodes = [node] };

        var found = await definition.FindResearchNodeAsync("NODE1", IPAddress.Loopback);
        var otherHost = await definition.FindResearchNodeAsync("NODE1", IPAddress.Parse("10.9.9.9"));

        found.Should().BeSameAs(node);
        found!.FindMoveDestination("NODE1_STORE")!.Port.Should().Be(11113);
        found.FindMoveDestination("UNKNOWN").Should().BeNull();
        otherHost.Should().BeNull();
    }

    [Fact]
    public void Given_a_retention_date_When_checked_Then_it_expires_at_that_instant_unless_purged()
    {
        var until = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var definition = WorkspaceTestBed.Definition() with { RetainUntil = until };

        definition.IsExpired(until.AddSeconds(-1)).Should().BeFalse();
        definition.IsExpired(until).Should().BeTrue();
        (definition with { PurgedAt = until }).IsExpired(until.AddDays(1)).Should().BeFalse();
    }
}
