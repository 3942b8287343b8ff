using Edge.Codegen;
using Edge.Codegen.Generators;
using Edge.Testing;

namespace Edge.Deid.Tests.Rules;

/// <summary>The committed generated rule tables are exactly what the generators make of the shared tables.</summary>
public class GeneratedRulesFilesTests
{
    [SkippableFact]
    public void Given_table_E_1_1_2024b_When_generated_Then_the_committed_profile_class_is_identical() =>
        AssertCommittedFileIsCurrent(ConfidentialityProfileGenerator.OutputPath);

    [SkippableFact]
    public void Given_the_tcia_knowledge_base_When_generated_Then_the_committed_rules_class_is_identical() =>
        AssertCommittedFileIsCurrent(TciaPrivateTagKbGenerator.OutputPath);

    private static void AssertCommittedFileIsCurrent(string repoPath)
    {
        Corpus.RequireStandard();
        var difference = GeneratedFile.For(repoPath).FindDifference(Corpus.RepoRoot, Corpus.StandardDir);
        difference.Should().BeNull("{0}", difference);
    }
}
