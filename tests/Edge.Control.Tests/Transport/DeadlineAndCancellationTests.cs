using System.Diagnostics;
using Edge.Cli.Transport;
using Edge.Control.Tests.Support;
using Edge.Control.V1;
using Edge.Control.Wire;

namespace Edge.Control.Tests.Transport;

public class DeadlineAndCancellationTests
{
    [Fact]
    public async Task Given_a_handler_slower_than_the_deadline_When_called_with_a_timeout_Then_DEADLINE_EXCEEDED_on_time_and_the_handler_is_cancelled()
    {
        await using var server = await TestControlServer.StartAsync();
        var clock = Stopwatch.StartNew();

        // Long enough for the call to reach its handler on a loaded machine (a deadline that passes before then is
        // also DEADLINE_EXCEEDED, but leaves no handler to cancel), short enough to tell "on time" from "never".
        var call = () => server.Channel.UnaryAsync<GetIngestStatusRequest, IngestStatus>(TestHandlers.GetIngestStatus,
            new GetIngestStatusRequest(), new ControlCallOptions(Timeout: TimeSpan.FromSeconds(2)));

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(8));
        server.Handlers.Started.Task.IsCompleted.Should().BeTrue("the handler ran and was slower than the deadline");
        await server.Handlers.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Given_a_client_that_does_not_enforce_its_deadline_When_grpc_timeout_passes_Then_the_server_answers_DEADLINE_EXCEEDED()
    {
        await using var server = await TestControlServer.StartAsync();
        using var raw = new RawHttp2Client(server.SocketPath);

        var response = await raw.PostAsync(TestHandlers.GetIngestStatus, MessageFraming.Frame(new GetIngestStatusRequest()),
            headers: new Dictionary<string, string> { [GrpcHeaders.Timeout] = "1S" });

        response.GrpcStatus.Should().Be(((int)StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture));
        server.Handlers.Cancelled.Task.IsCompleted.Should().BeTrue();
        (await server.Audit.WaitForAsync(TestHandlers.GetIngestStatus)).Outcome.Should().Be(StatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task Given_a_call_in_progress_When_the_client_cancels_Then_the_handler_token_fires_and_the_client_sees_OperationCanceled()
    {
        await using var server = await TestControlServer.StartAsync();
        using var cancellation = new CancellationTokenSource();

        var call = server.Channel.UnaryAsync<GetIngestStatusRequest, IngestStatus>(TestHandlers.GetIngestStatus,
            new GetIngestStatusRequest(), new ControlCallOptions(CancellationToken: cancellation.Token));
        await server.Handlers.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        await server.Handlers.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        (await server.Audit.WaitForAsync(TestHandlers.GetIngestStatus)).Outcome.Should().Be(StatusCode.Cancelled);
    }

    [Fact]
    public async Task Given_a_call_in_progress_When_the_server_stops_Then_the_handler_is_cancelled_and_stop_completes()
    {
        var server = await TestControlServer.StartAsync();
        var call = server.Channel.UnaryAsync<GetIngestStatusRequest, IngestStatus>(TestHandlers.GetIngestStatus,
            new GetIngestStatusRequest());
        await server.Handlers.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await server.Server.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        server.Handlers.Cancelled.Task.IsCompleted.Should().BeTrue();
        (await FluentActions.Awaiting(() => call).Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unavailable);
        await server.DisposeAsync();
    }
}
