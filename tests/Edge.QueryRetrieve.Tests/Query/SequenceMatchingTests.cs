using Edge.Dicom.Data;
using Edge.Workspaces;
using Edge.Workspaces.Query;

namespace Edge.QueryRetrieve.Tests.Query;

/// <summary>PS3.4 C.2.2.2.6: a sequence key with one item of simple keys, matched against the stored items.</summary>
public sealed class SequenceMatchingTests(QueryBed bed) : IClassFixture<QueryBed>
{
    private async Task<List<DicomDataset>> FindStudies(params (DicomTag, DicomVR, string)[] itemKeys)
    {
        var identifier = QueryBed.Identifier("STUDY", (DicomTags.StudyInstanceUID, DicomVR.UI, ""));
        QueryBed.AddSequenceKey(identifier, DicomTags.ProcedureCodeSequence, itemKeys);
        return await bed.FindAsync(identifier, bed.Options());
    }

    [Fact]
    public async Task Given_an_item_key_with_a_single_value_When_finding_Then_only_studies_with_a_matching_item_match()
    {
        var studies = await FindStudies((DicomTags.CodeValue, DicomVR.SH, "P2"));

        studies.Select(s => s.GetString(DicomTags.StudyInstanceUID)).Should().Equal("1.1");
    }

    [Fact]
    public async Task Given_item_keys_with_a_wildcard_and_a_list_When_finding_Then_any_matching_item_selects_the_study()
    {
        (await FindStudies((DicomTags.CodeValue, DicomVR.SH, "P*"))).Select(s => s.GetString(DicomTags.StudyInstanceUID))
            .Should().Equal("1.1", "1.2");
        (await FindStudies((DicomTags.CodeValue, DicomVR.SH, @"P3\P9"))).Select(s => s.GetString(DicomTags.StudyInstanceUID))
            .Should().Equal("1.2");
        (await FindStudies((DicomTags.CodeValue, DicomVR.SH, "P9"))).Should().BeEmpty();
    }

    [Fact]
    public async Task Given_two_item_keys_When_finding_Then_one_item_must_match_both()
    {
        (await FindStudies((DicomTags.CodeValue, DicomVR.SH, "P1"), (DicomTags.CodeMeaning, DicomVR.LO, "Procedure P1")))
            .Select(s => s.GetString(DicomTags.StudyInstanceUID)).Should().Equal("1.1");
        (await FindStudies((DicomTags.CodeValue, DicomVR.SH, "P1"), (DicomTags.CodeMeaning, DicomVR.LO, "Procedure P2")))
            .Should().BeEmpty("no single item has both values");
    }

    [Fact]
    public async Task Given_a_matching_item_key_When_answered_Then_the_response_carries_the_matching_items_with_the_requested_item_keys()
    {
        var study = (await FindStudies((DicomTags.CodeValue, DicomVR.SH, "P2"), (DicomTags.CodeMeaning, DicomVR.LO, ""))).Single();

        var item = study.GetSequence(DicomTags.ProcedureCodeSequence)!.Items.Should().ContainSingle().Subject;
        item.GetString(DicomTags.CodeValue).Should().Be("P2");
        item.GetString(DicomTags.CodeMeaning).Should().Be("Procedure P2");
        item.Contains(DicomTags.CodingSchemeDesignator).Should().BeFalse("only the requested item keys are returned");
    }

    [Fact]
    public async Task Given_an_empty_item_When_finding_Then_every_study_matches_and_returns_its_whole_sequence()
    {
        var studies = await FindStudies();

        studies.Select(s => s.GetString(DicomTags.StudyInstanceUID)).Should().Equal("1.1", "1.2", "2.1");
        var items = studies[0].GetSequence(DicomTags.ProcedureCodeSequence)!.Items;
        items.Select(i => i.GetString(DicomTags.CodeValue)).Should().Equal("P1", "P2");
        items[0].GetString(DicomTags.CodingSchemeDesignator).Should().Be("LOCAL");
        studies[2].GetSequence(DicomTags.ProcedureCodeSequence)!.Items.Should().BeEmpty("study 2.1 has no procedure codes");
    }

    [Fact]
    public void Given_a_sequence_key_with_two_items_When_read_Then_InvalidQuery_is_raised()
    {
        var identifier = QueryBed.Identifier("STUDY");
        var sequence = new DicomSequence(DicomTags.ProcedureCodeSequence);
        identifier.Set(sequence);
        sequence.AddItem(new DicomDataset()).AddItem(new DicomDataset());

        var act = () => WorkspaceQuery.FromIdentifier(identifier);

        act.Should().Throw<InvalidQueryException>().WithMessage("*one item*");
    }
}
