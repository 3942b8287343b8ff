using Edge.Dicom.Data;
using Edge.QueryRetrieve.Tests.Support;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.Scp;

/// <summary>Two workspaces, two research nodes: each node finds and retrieves its own workspace's instances only.</summary>
[Collection(ScpCollection.Name)]
public sealed class IsolationTests(ScpFixture fixture)
{
    private (List<string> Alpha, List<string> Beta) StudiesOfEach()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("findscu");
        return (Dcmtk.Find(fixture.Port, "ALPHA", "NODE_A", Model.StudyRoot, "STUDY", "StudyInstanceUID").Values(DicomTags.StudyInstanceUID).ToList(),
            Dcmtk.Find(fixture.Port, "BETA", "NODE_B", Model.StudyRoot, "STUDY", "StudyInstanceUID").Values(DicomTags.StudyInstanceUID).ToList());
    }

    [SkippableFact]
    public void Given_two_nodes_When_each_finds_in_its_workspace_Then_each_sees_only_its_own_studies()
    {
        var (alpha, beta) = StudiesOfEach();

        alpha.Should().HaveCount(ScpFixture.Distinct(fixture.AlphaOriginals, DicomTags.StudyInstanceUID));
        beta.Should().HaveCount(ScpFixture.Distinct(fixture.BetaOriginals, DicomTags.StudyInstanceUID));
        alpha.Should().NotIntersectWith(beta);
    }

    [SkippableFact]
    public void Given_a_node_When_it_calls_the_other_workspaces_AE_title_Then_the_association_is_rejected()
    {
        var result = Dcmtk.Find(fixture.Port, "BETA", "NODE_A", Model.StudyRoot, "STUDY", "StudyInstanceUID");

        result.Matches.Should().BeEmpty();
        result.Tool.Output.Should().Contain("Association Rejected");
    }

    [SkippableFact]
    public void Given_a_node_When_it_asks_its_own_workspace_for_the_other_workspaces_study_Then_nothing_is_found_or_retrieved()
    {
        var (alpha, beta) = StudiesOfEach();
        using var received = new TempDirectory("edge-getscu");

        var find = Dcmtk.Find(fixture.Port, "BETA", "NODE_B", Model.StudyRoot, "STUDY", "StudyInstanceUID=" + alpha[0]);
        var get = Dcmtk.Get(fixture.Port, "ALPHA", "NODE_A", Model.StudyRoot, received.Path, "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + beta[0]);

        find.Matches.Should().BeEmpty();
        get.ExitCode.Should().Be(0, get.Output);
        Directory.EnumerateFiles(received.Path).Should().BeEmpty();
    }

    [SkippableFact]
    public void Given_a_node_without_move_rights_When_it_asks_for_a_C_MOVE_Then_no_move_context_is_granted()
    {
        var (_, beta) = StudiesOfEach();

        var result = Dcmtk.Move(fixture.Port, "BETA", "NODE_B", Model.StudyRoot, "DEST_A", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + beta[0]);

        result.Output.Should().Contain("No valid Presentation Context", result.Output);
    }
}
