using Edge.Control.V1;
using Edge.Control.Wire;

namespace Edge.Control.Tests.Wire;

public class WireFormatTests
{
    [Theory]
    [InlineData(300, "300000u")]
    [InlineData(100_000, "100000m")]
    [InlineData(200_000_000, "200000S")]
    public void Given_a_remaining_time_When_formatted_Then_the_finest_unit_that_fits_8_digits(long milliseconds, string expected)
    {
        GrpcTimeout.Format(TimeSpan.FromMilliseconds(milliseconds)).Should().Be(expected);
    }

    [Fact]
    public void Given_a_fraction_of_a_unit_When_formatted_Then_it_is_rounded_up_so_the_server_never_cuts_short()
    {
        GrpcTimeout.Format(TimeSpan.FromTicks(1)).Should().Be("1u");
    }

    [Theory]
    [InlineData("1H", 3_600_000)]
    [InlineData("2M", 120_000)]
    [InlineData("3S", 3_000)]
    [InlineData("250m", 250)]
    [InlineData("1500u", 1.5)]
    [InlineData("2000000n", 2)]
    public void Given_a_grpc_timeout_header_When_parsed_Then_the_time_it_allows(string header, double milliseconds)
    {
        GrpcTimeout.TryParse(header, out var timeout).Should().BeTrue();
        timeout.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("123456789S")]
    [InlineData("-1S")]
    public void Given_a_malformed_grpc_timeout_When_parsed_Then_refused(string header)
    {
        GrpcTimeout.TryParse(header, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("plain ASCII", "plain ASCII")]
    [InlineData("100%", "100%25")]
    [InlineData("é", "%C3%A9")]
    [InlineData("line\nbreak", "line%0Abreak")]
    public void Given_a_status_message_When_encoded_Then_non_printable_bytes_and_percent_are_escaped(string message, string encoded)
    {
        StatusMessageEncoding.Encode(message).Should().Be(encoded);
        StatusMessageEncoding.Decode(encoded).Should().Be(message);
    }

    [Fact]
    public void Given_a_stray_percent_When_decoded_Then_it_is_kept()
    {
        StatusMessageEncoding.Decode("50%-ok %4").Should().Be("50%-ok %4");
    }

    [Fact]
    public void Given_a_message_When_framed_Then_flag_0_big_endian_length_and_the_bytes()
    {
        var message = new Workspace { Name = "lung-ct" };

        var framed = MessageFraming.Frame(message);

        framed[..5].Should().Equal(0, 0, 0, 0, 9);
        MessageFraming.ReadHeader(framed).Should().Be((false, 9u));
        Workspace.Parser.ParseFrom(framed[5..]).Should().Be(message);
    }

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Given_a_content_type_When_checked_Then_only_grpc_forms_pass(string? contentType, bool isGrpc)
    {
        GrpcHeaders.IsGrpcContentType(contentType).Should().Be(isGrpc);
    }
}
