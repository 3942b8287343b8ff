using Edge.Pixels.Decision;

namespace Edge.Pixels.Tests.Decision;

public sealed class IdentifierMatcherTests
{
    private static readonly IdentifierMatcher s_matcher = new(new PixelIdentifiers(
        Names: ["QUILLBY^ZANDER", "QUILLBY", "ZANDER", "LI"],
        Ids: ["PID0635095"],
        Dates: ["19720415", "15/04/1972"],
        Other: ["SPRINGVALE MEMORIAL HOSPITAL", "LANE"]));

    [Theory]
    [InlineData("QUILLBY^ZANDER")]
    [InlineData("quillby")]
    [InlineData("QUlLLBY")]          // l for I: a confusion, not an edit
    [InlineData("QUILBY")]           // one letter lost
    [InlineData("ZANDERS")]
    [InlineData("PID0635O95")]       // O for 0
    [InlineData("PIDS635095")]       // S for 0: one edit
    [InlineData("PID063")]           // a piece of the ID split off by the OCR
    [InlineData("15/04/1972")]
    [InlineData("1972")]
    [InlineData("li")]
    public void Given_a_reading_of_an_identifier_with_OCR_errors_or_cut_When_matched_Then_it_identifies(string word)
    {
        s_matcher.Matches(word).Should().BeTrue();
    }

    [Theory]
    [InlineData("QUIRKY")]           // two edits from QUILLBY
    [InlineData("LIVER")]            // contains the short name part LI, which must be a whole word
    [InlineData("PLANE")]            // contains the short address word LANE, which must be a whole word
    [InlineData("MEMO")]             // a piece of other removed text does not count
    [InlineData("AXIAL")]
    [InlineData("063")]              // a piece under four characters does not count
    [InlineData("11")]               // the short name LI: short values are compared without the letter/digit folding
    public void Given_an_ordinary_word_When_matched_Then_it_does_not_identify(string word)
    {
        s_matcher.Matches(word).Should().BeFalse();
    }

    [Fact]
    public void Given_a_reading_two_edits_from_a_name_When_compared_Then_it_resembles_it_without_matching()
    {
        s_matcher.Matches("QUIRLBX").Should().BeFalse();
        s_matcher.Resembles("QUIRLBX").Should().BeTrue();
        s_matcher.Resembles("CARDIAC").Should().BeFalse();
    }
}
