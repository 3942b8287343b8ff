using System.Buffers.Binary;
using Edge.Dicom.Data;
using Edge.Dicom.Network;

namespace Edge.Network.Tests.Pdus;

public sealed class PduCodecTests
{
    private static AssociateRequest FullRequest() => new()
    {
        CalledAeTitle = "CALLED",
        CallingAeTitle = "CALLING",
        PresentationContexts =
        [
            new PresentationContextProposal(1, DicomServiceUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid]),
            new PresentationContextProposal(3, "1.2.840.10008.5.1.4.1.1.2", [TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.JpegLossless.Uid]),
        ],
        UserInformation = new UserInformation
        {
            MaxPduLength = 262144,
            ImplementationClassUid = "1.2.3.4.5",
            ImplementationVersionName = "TEST_1",
            AsyncOperations = new AsyncOperationsWindow(3, 2),
            RoleSelections = [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", false, true)],
            ExtendedNegotiations = [new ExtendedNegotiation(DicomServiceUids.StudyRootFind, [1, 0, 1])],
            CommonExtendedNegotiations = [new CommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.4.2", ["1.2.3", "1.2.4"])],
            UserIdentity = new UserIdentityRequest(UserIdentityType.UsernameAndPasscode, true, "user"u8.ToArray(), "secret"u8.ToArray()),
        },
    };

    [Fact]
    public void Given_a_request_with_every_sub_item_When_encoded_and_decoded_Then_it_is_equivalent()
    {
        var request = FullRequest();

        var bytes = PduEncoder.Encode(request);
        var decoded = PduDecoder.DecodeAssociateRequest(bytes.AsSpan(6));

        bytes[0].Should().Be((byte)PduType.AssociateRequest);
        BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(2)).Should().Be((uint)bytes.Length - 6);
        decoded.Should().BeEquivalentTo(request);
    }

    [Fact]
    public void Given_an_accept_with_user_identity_response_When_encoded_and_decoded_Then_it_is_equivalent()
    {
        var accept = new AssociateAccept
        {
            CalledAeTitle = "CALLED",
            CallingAeTitle = "CALLING",
            PresentationContexts =
            [
                new PresentationContextResult(1, PresentationContextResultReason.Acceptance, TransferSyntax.ImplicitVRLittleEndian.Uid),
                new PresentationContextResult(3, PresentationContextResultReason.AbstractSyntaxNotSupported, TransferSyntax.ExplicitVRLittleEndian.Uid),
            ],
            UserInformation = new UserInformation
            {
                MaxPduLength = 16384,
                ImplementationClassUid = "1.2.3",
                RoleSelections = [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", false, true)],
                UserIdentityResponse = new UserIdentityResponse("ok"u8.ToArray()),
            },
        };

        var decoded = PduDecoder.DecodeAssociateAccept(PduEncoder.Encode(accept).AsSpan(6));

        decoded.Should().BeEquivalentTo(accept);
    }

    [Fact]
    public void Given_reject_abort_and_release_When_encoded_and_decoded_Then_fields_survive()
    {
        PduDecoder.DecodeAssociateReject(PduEncoder.Encode(AssociateReject.CalledAeNotRecognized).AsSpan(6))
            .Should().Be(new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, 7));
        PduDecoder.DecodeAbort(PduEncoder.Encode(new AssociateAbort(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue)).AsSpan(6))
            .Should().Be(new AssociateAbort(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue));
        var release = PduEncoder.ReleaseRequest();
        release.Should().Equal(5, 0, 0, 0, 0, 4, 0, 0, 0, 0);
        FluentActions.Invoking(() => PduDecoder.DecodeRelease(release.AsSpan(6), PduType.ReleaseRequest)).Should().NotThrow();
    }

    [Fact]
    public void Given_an_unknown_item_and_an_unknown_user_sub_item_When_decoded_Then_they_are_skipped()
    {
        var bytes = PduEncoder.Encode(FullRequest()).ToList();
        // An unknown item (0x77) at the end of the variable part, and the PDU length grown to match.
        bytes.AddRange([0x77, 0, 0, 3, 9, 9, 9]);
        var array = bytes.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(array.AsSpan(2), (uint)array.Length - 6);

        var decoded = PduDecoder.DecodeAssociateRequest(array.AsSpan(6));

        decoded.PresentationContexts.Should().HaveCount(2);
    }

    [Fact]
    public void Given_a_request_truncated_anywhere_When_decoded_Then_it_is_a_pdu_exception_or_a_shorter_valid_request()
    {
        var bytes = PduEncoder.Encode(FullRequest());
        var refused = 0;

        for (var cut = 6; cut < bytes.Length; cut++)
        {
            var body = bytes.AsSpan(6, cut - 6).ToArray();
            try
            {
                // A cut at an item boundary leaves a request with fewer items, which is still well formed.
                PduDecoder.DecodeAssociateRequest(body).PresentationContexts.Should().NotBeEmpty();
            }
            catch (PduException)
            {
                refused++;
            }
        }

        refused.Should().BeGreaterThan(bytes.Length - 20, "almost every cut falls inside an item");
    }

    [Fact]
    public void Given_an_item_whose_length_overruns_the_pdu_When_decoded_Then_it_is_an_invalid_parameter_abort()
    {
        var bytes = PduEncoder.Encode(FullRequest());
        // The application context item starts right after the 68-byte fixed part; claim it is longer than the PDU.
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6 + 68 + 2), 0xFFF0);

        var act = () => PduDecoder.DecodeAssociateRequest(bytes.AsSpan(6).ToArray());

        act.Should().Throw<PduException>().Which.Reason.Should().Be(AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void Given_an_even_presentation_context_id_When_decoded_Then_it_is_refused()
    {
        var request = FullRequest() with { PresentationContexts = [new PresentationContextProposal(2, DicomServiceUids.Verification, [TransferSyntax.ImplicitVRLittleEndian.Uid])] };

        var act = () => PduDecoder.DecodeAssociateRequest(PduEncoder.Encode(request).AsSpan(6).ToArray());

        act.Should().Throw<PduException>().WithMessage("*even*");
    }

    [Fact]
    public void Given_a_release_of_wrong_length_When_decoded_Then_it_is_refused()
    {
        var act = () => PduDecoder.DecodeRelease(new byte[6], PduType.ReleaseRequest);

        act.Should().Throw<PduException>();
    }

    [Fact]
    public void Given_an_ae_title_with_control_characters_When_decoded_Then_they_become_question_marks()
    {
        var bytes = PduEncoder.Encode(FullRequest());
        bytes[6 + 4 + 16 + 1] = 0x0A;

        var decoded = PduDecoder.DecodeAssociateRequest(bytes.AsSpan(6));

        decoded.CallingAeTitle.Should().Be("C?LLING");
    }

    [Fact]
    public void Given_thousands_of_corrupted_requests_When_decoded_Then_each_is_read_or_refused_with_a_pdu_exception()
    {
        var valid = PduEncoder.Encode(FullRequest());
        var random = new Random(20240601);

        for (var round = 0; round < 5000; round++)
        {
            var body = valid.AsSpan(6).ToArray();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }
            try
            {
                PduDecoder.DecodeAssociateRequest(body);
            }
            catch (PduException)
            {
                // Refused as malformed: what must happen to anything inconsistent.
            }
        }
    }
}
