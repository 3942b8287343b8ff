using Edge.Pixels.Decision;
using Edge.Pixels.Ocr;

namespace Edge.Pixels.Tests.Decision;

public sealed class WordClassifierTests
{
    private static readonly IdentifierMatcher s_none = new(PixelIdentifiers.None);

    [Theory]
    [InlineData("15/04/1972")]
    [InlineData("1972-04-15")]
    [InlineData("15.04.72")]
    [InlineData("15 APR 1972")]
    [InlineData("15 avr. 1972")]
    [InlineData("3-Jan-2024")]
    public void Given_a_line_holding_a_date_When_classified_Then_each_word_of_the_date_is_a_date(string date)
    {
        var words = Line(["Exam", .. date.Split(' '), "LIVER"]);

        var kinds = WordClassifier.Classify(words, s_none);

        kinds[0].Should().Be(WordKind.None);
        kinds[1..^1].Should().OnlyContain(k => k == WordKind.Date || k == WordKind.DigitRun);
        kinds[^1].Should().Be(WordKind.None);
    }

    [Theory]
    [InlineData("Mr John Smith", new[] { WordKind.NameAfterHonorific, WordKind.NameAfterHonorific, WordKind.NameAfterHonorific })]
    [InlineData("Mme Dupont", new[] { WordKind.NameAfterHonorific, WordKind.NameAfterHonorific })]
    [InlineData("Dr. House", new[] { WordKind.NameAfterHonorific, WordKind.NameAfterHonorific })]
    [InlineData("TE 15 ms Gain", new[] { WordKind.None, WordKind.None, WordKind.None, WordKind.None })]
    [InlineData("ACC 20231104 ID", new[] { WordKind.None, WordKind.DigitRun, WordKind.None })]
    [InlineData("Depth 16 cm", new[] { WordKind.None, WordKind.None, WordKind.None })]
    public void Given_a_line_of_words_When_classified_Then_names_after_honorifics_and_digit_runs_are_found(string line, WordKind[] expected)
    {
        WordClassifier.Classify(Line(line.Split(' ')), s_none).Should().Equal(expected);
    }

    [Fact]
    public void Given_a_removed_value_of_several_words_When_a_line_spells_it_Then_each_of_its_words_is_an_identifier()
    {
        var matcher = new IdentifierMatcher(new PixelIdentifiers([], [], [], ["SPRINGVALE MEMORIAL HOSPITAL"]));

        var kinds = WordClassifier.Classify(Line(["SPRINGVALE", "MEMORIAL", "HOSPITAL", "LIVER"]), matcher);

        kinds.Should().Equal(WordKind.Identifier, WordKind.Identifier, WordKind.Identifier, WordKind.None);
    }

    [Fact]
    public void Given_words_at_two_heights_When_grouped_Then_they_form_two_lines_ordered_left_to_right()
    {
        OcrWord[] words =
        [
            new("B", new PixelRect(60, 10, 20, 12), 90),
            new("C", new PixelRect(10, 40, 20, 12), 90),
            new("A", new PixelRect(10, 12, 20, 12), 90),
        ];

        var lines = WordClassifier.Lines(words);

        lines.Select(l => string.Concat(l.Select(i => words[i].Text))).Should().Equal("AB", "C");
    }

    private static OcrWord[] Line(string[] words) =>
        [.. words.Select((w, i) => new OcrWord(w, new PixelRect(10 + i * 60, 20, 50, 12), 90))];
}
