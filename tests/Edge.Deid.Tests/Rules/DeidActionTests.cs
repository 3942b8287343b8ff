using Edge.Deid.Rules;

namespace Edge.Deid.Tests.Rules;

public class DeidActionTests
{
    [Theory]
    [InlineData("K", DeidAction.Keep)]
    [InlineData("X", DeidAction.Remove)]
    [InlineData("Z", DeidAction.Zero)]
    [InlineData("D", DeidAction.Dummy)]
    [InlineData("C", DeidAction.Clean)]
    [InlineData("U", DeidAction.ReplaceUid)]
    [InlineData("X/Z", DeidAction.RemoveOrZero)]
    [InlineData("X/D", DeidAction.RemoveOrDummy)]
    [InlineData("Z/D", DeidAction.ZeroOrDummy)]
    [InlineData("X/Z/D", DeidAction.RemoveZeroOrDummy)]
    [InlineData("X/Z/U*", DeidAction.RemoveZeroOrReplaceUid)]
    public void Given_a_table_code_When_parsed_and_printed_Then_it_round_trips(string code, DeidAction action)
    {
        DeidActions.Parse(code).Should().Be(action);
        action.ToCode().Should().Be(code);
    }

    [Fact]
    public void Given_every_action_When_printed_Then_each_has_a_distinct_code()
    {
        Enum.GetValues<DeidAction>().Select(a => a.ToCode()).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Given_an_unknown_code_When_parsed_Then_it_is_rejected()
    {
        DeidActions.TryParse("X/U", out _).Should().BeFalse();
        var parse = () => DeidActions.Parse("R");
        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void Given_every_option_When_its_CID_7050_code_is_asked_Then_each_has_a_distinct_DCM_code_from_113100_to_113112()
    {
        var codes = Enum.GetValues<DeidOption>().Select(DeidCodes.For).ToList();

        codes.Select(c => c.Value).Should().OnlyHaveUniqueItems();
        codes.Should().OnlyContain(c => string.CompareOrdinal(c.Value, "113100") > 0 && string.CompareOrdinal(c.Value, "113112") <= 0);
        DeidCodes.For(DeidOption.RetainSafePrivate).Should().Be(new DeidCode("113111", "Retain Safe Private Option"));
        DeidCodes.BasicProfile.Value.Should().Be("113100");
    }
}
