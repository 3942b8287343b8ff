namespace Edge.Dicom.Tests.CharacterSets;

public sealed class AnnexExampleTests
{
    [Theory]
    [MemberData(nameof(CharacterSetExamples.Names), MemberType = typeof(CharacterSetExamples))]
    public void Given_example_bytes_When_decoded_Then_text_is_the_example(string name)
    {
        var example = CharacterSetExamples.Named(name);

        var text = example.CharacterSet.Decode(example.Bytes, example.VR);

        text.Should().Be(example.Text);
    }

    [Theory]
    [MemberData(nameof(CharacterSetExamples.Names), MemberType = typeof(CharacterSetExamples))]
    public void Given_example_text_When_encoded_Then_bytes_are_the_example(string name)
    {
        var example = CharacterSetExamples.Named(name);

        var bytes = example.CharacterSet.Encode(example.Text, example.VR);

        Convert.ToHexString(bytes).Should().Be(Convert.ToHexString(example.Bytes));
    }

    [Theory]
    [MemberData(nameof(CharacterSetExamples.Names), MemberType = typeof(CharacterSetExamples))]
    public void Given_example_When_decoded_and_encoded_again_Then_bytes_round_trip(string name)
    {
        var example = CharacterSetExamples.Named(name);
        var set = example.CharacterSet;

        var again = set.Encode(set.Decode(example.Bytes, example.VR), example.VR);

        again.Should().Equal(example.Bytes);
    }
}
