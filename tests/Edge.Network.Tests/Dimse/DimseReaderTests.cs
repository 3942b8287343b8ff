using Edge.Dicom.Data;
using Edge.Dicom.Network;

namespace Edge.Network.Tests.Dimse;

public sealed class DimseReaderTests
{
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";

    private static readonly AssociationInfo Association = new(
        new AssociateRequest
        {
            CalledAeTitle = "A",
            CallingAeTitle = "B",
            PresentationContexts = [new PresentationContextProposal(1, CtImage, [TransferSyntax.ExplicitVRLittleEndian.Uid])],
        },
        new AssociateAccept
        {
            CalledAeTitle = "A",
            CallingAeTitle = "B",
            PresentationContexts = [new PresentationContextResult(1, PresentationContextResultReason.Acceptance, TransferSyntax.ExplicitVRLittleEndian.Uid)],
        },
        null);

    private static byte[] StoreCommand()
    {
        var c = DicomCommand.Request(CommandField.CStoreRequest, 7, CtImage, hasDataSet: true);
        c.SetUid(CommandTags.AffectedSopInstanceUid, "1.2.3.4");
        return c.Encode();
    }

    private static DimseReader ReaderOver(params byte[][] pdus) =>
        new(new PduChannel(new MemoryStream(pdus.SelectMany(p => p).ToArray()), 65536, CancellationToken.None), Association);

    [Fact]
    public async Task Given_a_command_in_three_fragments_and_a_data_set_sharing_its_pdu_When_read_Then_both_are_reassembled()
    {
        var command = StoreCommand();
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var reader = ReaderOver(
            PduEncoder.DataTransfer(new PresentationDataValue(1, true, false, command.AsMemory(0, 10))),
            PduEncoder.DataTransfer(
                new PresentationDataValue(1, true, false, command.AsMemory(10, 20)),
                new PresentationDataValue(1, true, true, command.AsMemory(30)),
                new PresentationDataValue(1, false, false, data.AsMemory(0, 400))),
            PduEncoder.DataTransfer(new PresentationDataValue(1, false, true, data.AsMemory(400))));

        var inbound = await reader.ReadCommandAsync(TimeSpan.FromSeconds(5));
        using var sink = new MemoryStream();
        var sinkError = await reader.ReadDataSetAsync(sink, TimeSpan.FromSeconds(5), CancellationToken.None);

        inbound.Kind.Should().Be(InboundKind.Command);
        inbound.Command!.Field.Should().Be(CommandField.CStoreRequest);
        inbound.Command.MessageId.Should().Be(7);
        inbound.Command.AffectedSopInstanceUid.Should().Be("1.2.3.4");
        sinkError.Should().BeNull();
        sink.ToArray().Should().Equal(data);
    }

    [Fact]
    public async Task Given_a_data_fragment_before_any_command_When_read_Then_it_is_a_protocol_error()
    {
        var reader = ReaderOver(PduEncoder.DataTransfer(new PresentationDataValue(1, false, true, new byte[4])));

        var act = async () => await reader.ReadCommandAsync(TimeSpan.FromSeconds(5));

        await act.Should().ThrowAsync<PduException>();
    }

    [Fact]
    public async Task Given_a_fragment_on_a_context_that_was_not_accepted_When_read_Then_it_is_a_protocol_error()
    {
        var reader = ReaderOver(PduEncoder.DataTransfer(new PresentationDataValue(3, true, true, StoreCommand())));

        var act = async () => await reader.ReadCommandAsync(TimeSpan.FromSeconds(5));

        await act.Should().ThrowAsync<PduException>().WithMessage("*not accepted*");
    }

    [Fact]
    public async Task Given_a_pdv_length_that_overruns_its_pdu_When_read_Then_it_is_an_invalid_parameter()
    {
        var pdu = PduEncoder.DataTransfer(new PresentationDataValue(1, true, true, StoreCommand()));
        pdu[6] = 0x7F;

        var act = async () => await ReaderOver(pdu).ReadCommandAsync(TimeSpan.FromSeconds(5));

        (await act.Should().ThrowAsync<PduException>()).Which.Reason.Should().Be(AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public async Task Given_the_connection_closes_in_the_middle_of_a_data_set_When_read_Then_it_is_reported_as_lost()
    {
        var reader = ReaderOver(
            PduEncoder.DataTransfer(new PresentationDataValue(1, true, true, StoreCommand())),
            PduEncoder.DataTransfer(new PresentationDataValue(1, false, false, new byte[100])));

        await reader.ReadCommandAsync(TimeSpan.FromSeconds(5));
        var act = async () => await reader.ReadDataSetAsync(Stream.Null, TimeSpan.FromSeconds(5), CancellationToken.None);

        await act.Should().ThrowAsync<ConnectionClosedException>();
    }

    [Fact]
    public async Task Given_an_abort_pdu_When_a_command_is_awaited_Then_the_peer_abort_surfaces()
    {
        var reader = ReaderOver(PduEncoder.Encode(new AssociateAbort(AbortSource.ServiceUser, AbortReason.NotSpecified)));

        var act = async () => await reader.ReadCommandAsync(TimeSpan.FromSeconds(5));

        (await act.Should().ThrowAsync<AssociationAbortedException>()).Which.Abort.Source.Should().Be(AbortSource.ServiceUser);
    }

    [Fact]
    public async Task Given_a_destination_that_fails_When_a_data_set_is_read_Then_the_error_is_returned_and_the_rest_drained()
    {
        var reader = ReaderOver(
            PduEncoder.DataTransfer(new PresentationDataValue(1, true, true, StoreCommand())),
            PduEncoder.DataTransfer(new PresentationDataValue(1, false, false, new byte[100])),
            PduEncoder.DataTransfer(new PresentationDataValue(1, false, true, new byte[100])),
            PduEncoder.ReleaseRequest());

        await reader.ReadCommandAsync(TimeSpan.FromSeconds(5));
        var error = await reader.ReadDataSetAsync(new MemoryStream([], writable: false), TimeSpan.FromSeconds(5), CancellationToken.None);
        var next = await reader.ReadCommandAsync(TimeSpan.FromSeconds(5));

        error.Should().BeOfType<NotSupportedException>();
        next.Kind.Should().Be(InboundKind.ReleaseRequest);
    }

    [Fact]
    public async Task Given_corrupted_command_sets_When_read_Then_each_is_decoded_or_refused_with_a_pdu_exception()
    {
        var valid = StoreCommand();
        var random = new Random(7);

        for (var round = 0; round < 1000; round++)
        {
            var command = (byte[])valid.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                command[random.Next(command.Length)] = (byte)random.Next(256);
            }
            try
            {
                await ReaderOver(PduEncoder.DataTransfer(new PresentationDataValue(1, true, true, command))).ReadCommandAsync(TimeSpan.FromSeconds(5));
            }
            catch (PduException)
            {
                // Refused as malformed.
            }
        }
    }
}
