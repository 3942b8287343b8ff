using System.Globalization;
using System.Net;
using Edge.Control.Tests.Support;
using Edge.Control.V1;
using Edge.Control.Wire;

namespace Edge.Control.Tests.Transport;

/// <summary>The server's answers to requests a well-behaved gRPC client never sends, seen at the HTTP/2 level.</summary>
public class GrpcProtocolTests
{
    private static readonly string Internal = ((int)StatusCode.Internal).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Given_a_content_type_that_is_not_grpc_When_posted_Then_HTTP_415()
    {
        await using var server = await TestControlServer.StartAsync();
        using var raw = new RawHttp2Client(server.SocketPath);

        var response = await raw.PostAsync(TestHandlers.Health, MessageFraming.Frame(new HealthRequest()), "application/json");

        response.HttpStatus.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Given_an_error_before_any_message_When_answered_Then_the_status_is_trailers_only_and_percent_encoded()
    {
        await using var server = await TestControlServer.StartAsync();
        using var raw = new RawHttp2Client(server.SocketPath);

        var response = await raw.PostAsync(TestHandlers.CreateWorkspace,
            MessageFraming.Frame(new CreateWorkspaceRequest { Name = TestHandlers.TakenName }));

        response.HttpStatus.Should().Be(HttpStatusCode.OK);
        response.TrailersOnly.Should().BeTrue();
        response.GrpcStatus.Should().Be(((int)StatusCode.AlreadyExists).ToString(CultureInfo.InvariantCulture));
        response.GrpcMessage.Should().MatchRegex("^[ -~]*$").And.Contain("100%25 sure");
        StatusMessageEncoding.Decode(response.GrpcMessage!).Should().Be(TestHandlers.TakenMessage);
    }

    [Fact]
    public async Task Given_a_successful_unary_call_When_answered_Then_one_framed_message_then_grpc_status_0_in_trailers()
    {
        await using var server = await TestControlServer.StartAsync();
        using var raw = new RawHttp2Client(server.SocketPath);

        var response = await raw.PostAsync(TestHandlers.Health, MessageFraming.Frame(new HealthRequest()));

        response.TrailersOnly.Should().BeFalse();
        response.GrpcStatus.Should().Be("0");
        response.Body.Should().Equal(MessageFraming.Frame(new HealthResponse { Status = HealthStatus.Serving }));
    }

    [Fact]
    public async Task Given_a_message_flagged_compressed_without_an_encoding_When_posted_Then_INTERNAL()
    {
        await using var server = await TestControlServer.StartAsync();
        using var raw = new RawHttp2Client(server.SocketPath);
        var body = MessageFraming.Frame(new HealthRequest());
        body[0] = 1;

        var response = await raw.PostAsync(TestHandlers.Health, body);

        response.GrpcStatus.Should().Be(Internal);
    }

    [Fact]
    public async Task Given_two_messages_for_a_unary_call_When_posted_Then_INTERNAL()
    {
        await using var server = await TestControlServer.StartAsync();
        using var raw = new RawHttp2Client(server.SocketPath);
        var one = MessageFraming.Frame(new HealthRequest());

        var response = await raw.PostAsync(TestHandlers.Health, [.. one, .. one]);

        response.GrpcStatus.Should().Be(Internal);
    }

    [Fact]
    public async Task Given_a_truncated_message_When_posted_Then_INTERNAL()
    {
        await using var server = await TestControlServer.StartAsync();
        using var raw = new RawHttp2Client(server.SocketPath);
        var body = MessageFraming.Frame(new CreateWorkspaceRequest { Name = "lung-ct" });

        var response = await raw.PostAsync(TestHandlers.CreateWorkspace, body[..^3]);

        response.GrpcStatus.Should().Be(Internal);
    }

    [Fact]
    public async Task Given_bytes_that_are_not_the_request_message_When_posted_Then_INTERNAL_and_the_handler_does_not_run()
    {
        await using var server = await TestControlServer.StartAsync();
        using var raw = new RawHttp2Client(server.SocketPath);
        byte[] garbage = [0xFF, 0xFF, 0xFF, 0xFF];
        var body = new byte[MessageFraming.HeaderLength + garbage.Length];
        MessageFraming.WriteHeader(body, garbage.Length);
        garbage.CopyTo(body, MessageFraming.HeaderLength);

        var response = await raw.PostAsync(TestHandlers.CreateWorkspace, body);

        response.GrpcStatus.Should().Be(Internal);
        server.Handlers.CreateWorkspaceCalls.Should().Be(0);
    }

    [Fact]
    public async Task Given_a_compressed_encoding_When_posted_Then_UNIMPLEMENTED_with_identity_advertised()
    {
        await using var server = await TestControlServer.StartAsync();
        using var raw = new RawHttp2Client(server.SocketPath);

        var response = await raw.PostAsync(TestHandlers.Health, MessageFraming.Frame(new HealthRequest()),
            headers: new Dictionary<string, string> { [GrpcHeaders.Encoding] = "gzip" });

        response.GrpcStatus.Should().Be(((int)StatusCode.Unimplemented).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Given_a_path_outside_the_contract_When_posted_Then_UNIMPLEMENTED_and_the_call_is_audited()
    {
        await using var server = await TestControlServer.StartAsync();
        using var raw = new RawHttp2Client(server.SocketPath);

        var response = await raw.PostAsync("/edge.control.v1.System/Nope", MessageFraming.Frame(new HealthRequest()));

        response.GrpcStatus.Should().Be(((int)StatusCode.Unimplemented).ToString(CultureInfo.InvariantCulture));
        server.Audit.Records.Should().ContainSingle(r => r.Method == "/edge.control.v1.System/Nope" && r.Outcome == StatusCode.Unimplemented);
    }
}
