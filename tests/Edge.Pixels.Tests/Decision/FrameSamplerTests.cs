using Edge.Pixels.Decision;

namespace Edge.Pixels.Tests.Decision;

public sealed class FrameSamplerTests
{
    [Theory]
    [InlineData(1, 5, new[] { 0 })]
    [InlineData(2, 5, new[] { 0, 1 })]
    [InlineData(4, 5, new[] { 0, 1, 2, 3 })]
    [InlineData(19, 5, new[] { 0, 4, 9, 13, 18 })]
    [InlineData(1000, 3, new[] { 0, 499, 999 })]
    public void Given_a_frame_count_When_sampled_Then_first_middle_last_and_quarters_are_read(int frames, int maximum, int[] expected)
    {
        FrameSampler.Sample(frames, maximum).Should().Equal(expected);
    }
}
