using Edge.Dicom.Network;

namespace Edge.Network.Tests.Pdus;

public sealed class PduChannelTests
{
    private static async Task<Exception?> ReadFrom(byte[] input, uint maxPdu = 16384)
    {
        await using var channel = new PduChannel(new MemoryStream(input), maxPdu, CancellationToken.None);
        try
        {
            await channel.ReadAsync(TimeSpan.FromSeconds(5));
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [Fact]
    public async Task Given_an_associate_request_announcing_0xFFFFFFF0_bytes_When_read_Then_it_is_refused_without_allocating_it()
    {
        byte[] header = [0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xF0];
        await using var channel = new PduChannel(new MemoryStream(header), 16384, CancellationToken.None);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var act = async () => await channel.ReadAsync(TimeSpan.FromSeconds(5));
        var error = (await act.Should().ThrowAsync<PduException>()).Which;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        error.Reason.Should().Be(AbortReason.InvalidPduParameterValue);
        allocated.Should().BeLessThan(1024 * 1024, "the announced length must not be allocated");
    }

    [Fact]
    public async Task Given_a_data_pdu_longer_than_our_maximum_When_read_Then_it_is_refused()
    {
        byte[] header = [0x04, 0x00, 0x00, 0x01, 0x00, 0x00];

        var error = await ReadFrom(header, maxPdu: 16384);

        error.Should().BeOfType<PduException>().Which.Reason.Should().Be(AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public async Task Given_an_unknown_pdu_type_When_read_Then_it_is_an_unrecognized_pdu()
    {
        var error = await ReadFrom([0x09, 0x00, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 0]);

        error.Should().BeOfType<PduException>().Which.Reason.Should().Be(AbortReason.UnrecognizedPdu);
    }

    [Fact]
    public async Task Given_a_pdu_cut_short_by_the_peer_closing_When_read_Then_the_connection_is_reported_closed()
    {
        var error = await ReadFrom([0x04, 0x00, 0x00, 0x00, 0x00, 0x10, 0, 0, 0]);

        error.Should().BeOfType<ConnectionClosedException>();
    }

    [Fact]
    public async Task Given_no_bytes_before_the_peer_closes_When_read_Then_null_is_returned()
    {
        await using var channel = new PduChannel(new MemoryStream([]), 16384, CancellationToken.None);

        var pdu = await channel.ReadAsync(TimeSpan.FromSeconds(5));

        pdu.Should().BeNull();
    }

    [Fact]
    public async Task Given_two_pdus_in_one_read_When_read_twice_Then_both_come_out_whole()
    {
        var input = PduEncoder.ReleaseRequest().Concat(PduEncoder.Encode(new AssociateAbort(AbortSource.ServiceUser, AbortReason.NotSpecified))).ToArray();
        await using var channel = new PduChannel(new MemoryStream(input), 16384, CancellationToken.None);

        var first = await channel.ReadAsync(TimeSpan.FromSeconds(5));
        var second = await channel.ReadAsync(TimeSpan.FromSeconds(5));

        first!.Value.Type.Should().Be(PduType.ReleaseRequest);
        second!.Value.Type.Should().Be(PduType.Abort);
        second.Value.Body.Length.Should().Be(4);
    }
}
