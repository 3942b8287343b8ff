using Edge.Dicom.Data;

namespace Edge.Dicom.Tests.Data;

public sealed class PooledWriteBufferTests
{
    [Theory]
    [InlineData(new[] { 10, 262139, 7, 300000, 1 })]
    [InlineData(new[] { 262144, 262144, 3 })]
    [InlineData(new[] { 1, 1, 262143, 262145 })]
    public void Given_writes_smaller_and_larger_than_the_buffer_When_flushed_Then_the_inner_stream_holds_them_in_order(int[] sizes)
    {
        var random = new Random(sizes.Length);
        var chunks = sizes.Select(n => { var b = new byte[n]; random.NextBytes(b); return b; }).ToList();
        using var inner = new MemoryStream();

        using (var buffer = new PooledWriteBuffer(inner, 256 * 1024))
        {
            chunks.ForEach(c => buffer.Write(c));
            buffer.Flush();
        }

        inner.ToArray().Should().Equal(chunks.SelectMany(c => c));
    }

    [Fact]
    public void Given_a_disposed_buffer_When_written_Then_it_refuses()
    {
        var buffer = new PooledWriteBuffer(new MemoryStream(), 1024);
        buffer.Dispose();

        buffer.Invoking(b => b.Write([1, 2, 3])).Should().Throw<ObjectDisposedException>();
    }
}
