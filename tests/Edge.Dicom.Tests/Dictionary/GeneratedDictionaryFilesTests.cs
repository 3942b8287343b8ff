using Edge.Codegen;
using Edge.Codegen.Generators;
using Edge.Testing;

namespace Edge.Dicom.Tests.Dictionary;

/// <summary>The committed generated sources of Edge.Dicom are exactly what the generators make of the shared tables.</summary>
public class GeneratedDictionaryFilesTests
{
    [SkippableFact]
    public void Given_attributes_json_When_the_dictionary_is_generated_Then_the_committed_file_is_identical() =>
        AssertCommittedFileIsCurrent(DicomDictionaryGenerator.OutputPath);

    [SkippableFact]
    public void Given_attributes_json_When_the_tag_keywords_are_generated_Then_the_committed_file_is_identical() =>
        AssertCommittedFileIsCurrent(DicomTagsGenerator.OutputPath);

    [SkippableFact]
    public void Given_the_tcia_knowledge_base_When_the_private_dictionary_is_generated_Then_the_committed_file_is_identical() =>
        AssertCommittedFileIsCurrent(PrivateDictionaryGenerator.OutputPath);

    [SkippableFact]
    public void Given_sops_json_When_the_sop_classes_are_generated_Then_the_committed_file_is_identical() =>
        AssertCommittedFileIsCurrent(SopClassesGenerator.OutputPath);

    private static void AssertCommittedFileIsCurrent(string repoPath)
    {
        Corpus.RequireStandard();
        var difference = GeneratedFile.For(repoPath).FindDifference(Corpus.RepoRoot, Corpus.StandardDir);
        difference.Should().BeNull("{0}", difference);
    }
}
