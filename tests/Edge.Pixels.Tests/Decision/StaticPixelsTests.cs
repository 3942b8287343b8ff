using Edge.Pixels.Decision;
using Edge.Pixels.Rendering;

namespace Edge.Pixels.Tests.Decision;

public sealed class StaticPixelsTests
{
    [Fact]
    public void Given_a_loop_whose_overlay_stands_still_while_the_rest_moves_When_fed_frame_by_frame_Then_the_overlay_alone_is_left()
    {
        var info = new PixelDataInfo
        {
            Rows = 4, Columns = 4, SamplesPerPixel = 1, BitsAllocated = 8, BitsStored = 8, HighBit = 7,
            IsSigned = false, Photometric = Photometric.Monochrome2,
        };
        // Row 0 is the overlay (200, every frame); the other rows change with the frame.
        byte[] Frame(int f) => [.. Enumerable.Range(0, 16).Select(i => i < 4 ? (byte)200 : (byte)(10 * f + i))];
        var still = new StaticPixels(info, Frame(0));

        still.Add(Frame(1));
        still.Add(Frame(2));
        var overlay = still.Overlay(new GreyImage(4, 4, Frame(0)));

        still.StaticFraction.Should().Be(0.25);
        overlay.Pixels.Should().Equal([200, 200, 200, 200, .. new byte[12]]);
    }
}
