using Edge.Dicom.Data;

namespace Edge.QueryRetrieve.Tests.Query;

/// <summary>StudyDate and StudyTime ranges, separately by default and as one date-time range once negotiated (PS3.4 C.2.2.2.5).</summary>
public sealed class DateTimeMatchingTests(QueryBed bed) : IClassFixture<QueryBed>
{
    private async Task<List<string?>> Studies(bool combined, string date, string time) =>
        (await bed.FindAsync(QueryBed.Identifier("STUDY", (DicomTags.StudyInstanceUID, DicomVR.UI, ""),
            (DicomTags.StudyDate, DicomVR.DA, date), (DicomTags.StudyTime, DicomVR.TM, time)), bed.Options(combinedDateTime: combined)))
        .Select(s => s.GetString(DicomTags.StudyInstanceUID)).ToList();

    [Fact]
    public async Task Given_combined_matching_When_date_and_time_ranges_are_given_Then_they_bound_one_date_time_range()
    {
        // From 2020-01-15 10:00 to 2020-01-16 09:30: 1.1 at 01-15 10:15 and 1.2 at 01-16 09:00.
        (await Studies(combined: true, "20200115-20200116", "1000-0930")).Should().Equal("1.1", "1.2");
        // From 2020-01-15 10:20 on: 1.1 at 10:15 is before it.
        (await Studies(combined: true, "20200115-20200116", "1020-")).Should().Equal("1.2");
        // A single date with a time range: that day within the times.
        (await Studies(combined: true, "20200114", "2200-2359")).Should().Equal("2.1");
    }

    [Fact]
    public async Task Given_no_combined_matching_When_date_and_time_ranges_are_given_Then_each_is_matched_on_its_own()
    {
        (await Studies(combined: false, "20200115-20200116", "1000-0930")).Should().BeEmpty("no time is both after 10:00 and before 09:30");
        (await Studies(combined: false, "20200114-20200116", "0800-1030")).Should().Equal("1.1", "1.2");
    }

    [Fact]
    public async Task Given_combined_matching_When_neither_key_is_a_range_Then_each_is_matched_as_a_single_value()
    {
        (await Studies(combined: true, "20200116", "0900")).Should().Equal("1.2");
    }
}
