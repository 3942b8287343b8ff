using Edge.Dicom.Data;
using Edge.Workspaces.Query;

namespace Edge.QueryRetrieve.Tests.Query;

/// <summary>Keys the index does not keep, matched and returned from the header of each match's first instance.</summary>
public sealed class HeaderKeyTests(QueryBed bed) : IClassFixture<QueryBed>
{
    private async Task<List<string?>> Find(string level, DicomTag returned, QueryOptions options, params (DicomTag, DicomVR, string)[] keys)
    {
        var responses = await bed.FindAsync(QueryBed.Identifier(level, [.. keys, (returned, DicomDictionary.ImplicitVR(returned), "")]), options);
        return responses.Select(r => r.GetString(returned)).ToList();
    }

    [Fact]
    public async Task Given_a_series_attribute_outside_the_index_When_matched_at_series_level_Then_the_stored_value_decides()
    {
        (await Find("SERIES", DicomTags.SeriesInstanceUID, bed.Options(), (DicomTags.BodyPartExamined, DicomVR.CS, "HEAD")))
            .Should().Equal("1.1.2");
        (await Find("SERIES", DicomTags.SeriesInstanceUID, bed.Options(), (DicomTags.BodyPartExamined, DicomVR.CS, "C?EST")))
            .Should().Equal("1.1.1", "2.1.1");
        (await Find("SERIES", DicomTags.BodyPartExamined, bed.Options(), (DicomTags.SeriesInstanceUID, DicomVR.UI, "1.2.1")))
            .Should().Equal("ABDOMEN");
    }

    [Fact]
    public async Task Given_a_date_range_on_an_unindexed_date_When_matched_Then_the_range_is_inclusive()
    {
        (await Find("SERIES", DicomTags.SeriesInstanceUID, bed.Options(), (DicomTags.SeriesDate, DicomVR.DA, "20200116-")))
            .Should().Equal("1.1.2", "1.2.1");
        (await Find("SERIES", DicomTags.SeriesInstanceUID, bed.Options(), (DicomTags.SeriesDate, DicomVR.DA, "-20200115")))
            .Should().Equal("1.1.1", "2.1.1");
    }

    [Fact]
    public async Task Given_a_multi_valued_attribute_When_one_value_matches_Then_the_instance_matches()
    {
        (await Find("IMAGE", DicomTags.SOPInstanceUID, bed.Options(), (DicomTags.ImageType, DicomVR.CS, "SECONDARY")))
            .Should().Equal("1.1.2.1");
    }

    [Fact]
    public async Task Given_a_series_attribute_in_a_study_level_query_When_finding_Then_it_is_not_matched_and_returned_empty()
    {
        var bodyParts = await Find("STUDY", DicomTags.BodyPartExamined, bed.Options(), (DicomTags.BodyPartExamined, DicomVR.CS, "HEAD"));

        bodyParts.Should().HaveCount(3).And.OnlyContain(v => v == "");
    }

    [Fact]
    public async Task Given_no_instance_directory_When_an_unindexed_key_is_asked_Then_it_is_an_unsupported_key_returned_empty()
    {
        var options = bed.Options() with { InstanceDirectory = null };

        var bodyParts = await Find("SERIES", DicomTags.BodyPartExamined, options, (DicomTags.BodyPartExamined, DicomVR.CS, "HEAD"));

        bodyParts.Should().HaveCount(4).And.OnlyContain(v => v == "");
    }
}
