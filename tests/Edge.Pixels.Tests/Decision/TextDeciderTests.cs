using Edge.Pixels.Decision;
using Edge.Pixels.Ocr;
using Edge.Pixels.Triage;

namespace Edge.Pixels.Tests.Decision;

public sealed class TextDeciderTests
{
    private const int Columns = 640;
    private const int Rows = 480;

    private static readonly IdentifierMatcher s_patient = new(new PixelIdentifiers(["QUILLBY^ZANDER", "QUILLBY", "ZANDER"], ["PID0001234"], [], []));

    [Fact]
    public void Given_the_patient_name_in_the_top_band_and_an_organ_name_When_decided_Then_only_the_name_is_masked_with_a_margin()
    {
        var name = new OcrWord("QUILLBY", new PixelRect(20, 10, 80, 16), 91);
        var organ = new OcrWord("LIVER", new PixelRect(300, 10, 60, 16), 95);

        var decision = Decide([name, organ]);

        decision.HeldReason.Should().BeNull();
        decision.Masks.Should().Equal(new PixelRect(16, 6, 88, 24));
        decision.LegibleWords.Should().Be(2);
    }

    [Fact]
    public void Given_the_patient_id_over_the_anatomy_When_decided_Then_the_instance_is_held_rather_than_the_anatomy_masked()
    {
        var decision = Decide([new OcrWord("PID0001234", new PixelRect(280, 230, 90, 14), 88)]);

        decision.HeldReason.Should().Be("identifying text over the anatomy");
    }

    [Fact]
    public void Given_an_unsure_word_in_the_band_and_texture_read_as_zeros_over_the_anatomy_When_decided_Then_the_word_is_masked_and_the_texture_ignored()
    {
        var unsure = new OcrWord("Qu1LBv", new PixelRect(20, 450, 60, 14), 31);
        var tiles = new OcrWord("6000000000", new PixelRect(10, 200, 620, 50), 66);
        var lowDigits = new OcrWord("6035", new PixelRect(300, 200, 30, 10), 40);

        var decision = Decide([unsure, tiles, lowDigits]);

        decision.HeldReason.Should().BeNull();
        decision.Masks.Should().ContainSingle().Which.Intersects(unsure.Box).Should().BeTrue();
    }

    [Fact]
    public void Given_an_unsure_word_resembling_the_name_over_the_anatomy_When_decided_Then_the_instance_is_held()
    {
        var decision = Decide([new OcrWord("QU1RLBX", new PixelRect(280, 230, 70, 14), 35)]);

        decision.HeldReason.Should().Contain("could not be read with confidence");
    }

    [Theory]
    [InlineData(MaskScope.Identifiers, 1)]
    [InlineData(MaskScope.OutsideAnatomy, 2)]
    [InlineData(MaskScope.AllText, 3)]
    public void Given_a_scope_When_decided_Then_it_decides_which_harmless_words_are_masked(MaskScope scope, int masks)
    {
        OcrWord[] words =
        [
            new("ZANDER", new PixelRect(20, 10, 60, 16), 92),
            new("ACME", new PixelRect(540, 440, 60, 16), 92),
            new("LIVER", new PixelRect(300, 220, 60, 16), 92),
        ];

        var decision = TextDecider.Decide([words], s_patient, scope, 60, Columns, Rows, edge: null);

        decision.HeldReason.Should().BeNull();
        decision.Masks.Should().HaveCount(masks);
    }

    [Fact]
    public void Given_edge_text_that_no_confident_word_accounts_for_When_decided_Then_the_instance_is_held()
    {
        var runs = Enumerable.Range(0, 10).Select(i => new PixelRect(10 + i * 12, 12, 3, 1)).ToList();
        var edge = new EdgeTextFinding([new PixelRect(10, 12, 120, 1)], runs);
        var readable = new OcrWord("QUILLBY", new PixelRect(8, 4, 60, 16), 90);

        TextDecider.Decide([[]], s_patient, MaskScope.Identifiers, 60, Columns, Rows, edge).HeldReason
            .Should().Be("burned-in text near the edge could not be read with confidence");
        TextDecider.Decide([[readable, readable with { Text = "ZANDER", Box = new PixelRect(70, 4, 64, 16) }]], s_patient, MaskScope.Identifiers, 60, Columns, Rows, edge).HeldReason
            .Should().BeNull();
    }

    private static TextDecision Decide(OcrWord[] words) =>
        TextDecider.Decide([words], s_patient, MaskScope.Identifiers, 60, Columns, Rows, edge: null);
}
