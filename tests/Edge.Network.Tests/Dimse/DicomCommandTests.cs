using System.Buffers.Binary;
using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Testing;

namespace Edge.Network.Tests.Dimse;

public sealed class DicomCommandTests
{
    [Fact]
    public void Given_a_store_request_When_encoded_Then_it_is_implicit_little_endian_with_a_correct_group_length()
    {
        var command = DicomCommand.Request(CommandField.CStoreRequest, 3, "1.2.840.10008.5.1.4.1.1.2", hasDataSet: true);
        command.SetUid(CommandTags.AffectedSopInstanceUid, "1.2.3");

        var bytes = command.Encode();

        // (0000,0000) UL, implicit: tag, 4-byte length 4, value = bytes after this element.
        bytes.AsSpan(0, 8).ToArray().Should().Equal(0, 0, 0, 0, 4, 0, 0, 0);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)).Should().Be((uint)bytes.Length - 12);
        (bytes.Length % 2).Should().Be(0);
    }

    [Fact]
    public void Given_a_response_with_comment_and_offending_element_When_round_tripped_Then_the_fields_survive()
    {
        var request = DicomCommand.Request(CommandField.CStoreRequest, 9, "1.2.840.10008.5.1.4.1.1.2", hasDataSet: true);
        request.SetUid(CommandTags.AffectedSopInstanceUid, "1.2.3");
        var result = new DimseResult(DicomStatus.CannotUnderstand, "Bad length", [new DicomTag(0x0010, 0x0010)]);

        var decoded = DicomCommand.Decode(DicomCommand.Response(request, result).Encode());

        decoded.Field.Should().Be(CommandField.CStoreResponse);
        decoded.MessageIdBeingRespondedTo.Should().Be(9);
        decoded.HasDataSet.Should().BeFalse();
        decoded.AffectedSopInstanceUid.Should().Be("1.2.3");
        decoded.Status.Should().Be(DicomStatus.CannotUnderstand);
        decoded.ErrorComment.Should().Be("Bad length");
        decoded.OffendingElements.Should().Equal(new DicomTag(0x0010, 0x0010));
    }

    [SkippableFact]
    public void Given_an_encoded_echo_request_When_dcmdump_reads_it_Then_it_sees_the_command_elements()
    {
        ExternalTool.Require("dcmdump");
        using var dir = new TempDirectory();
        var path = dir.Combine("echo.cmd");
        File.WriteAllBytes(path, DicomCommand.Request(CommandField.CEchoRequest, 42, DicomServiceUids.Verification, hasDataSet: false).Encode());

        var dump = ExternalTool.Run("dcmdump", "-f", "-ti", path);

        dump.ExitCode.Should().Be(0, dump.Output);
        dump.StdOut.Should().Contain("(0000,0100) US 48").And.Contain("(0000,0110) US 42").And.Contain("(0000,0800) US 257");
    }

    [Fact]
    public void Given_a_command_without_command_field_When_decoded_Then_it_is_a_pdu_exception()
    {
        var ds = new DicomDataset();
        ds.SetUInt16(CommandTags.MessageId, 1);

        var act = () => DicomCommand.Decode(DicomFile.EncodeDataset(ds, TransferSyntax.ImplicitVRLittleEndian));

        act.Should().Throw<PduException>();
    }
}
