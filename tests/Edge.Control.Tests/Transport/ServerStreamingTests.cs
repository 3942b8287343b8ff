using Edge.Cli.Transport;
using Edge.Control.Tests.Support;
using Edge.Control.V1;
using Edge.Control.Wire;

namespace Edge.Control.Tests.Transport;

public class ServerStreamingTests
{
    [Fact]
    public async Task Given_a_streaming_handler_When_edgectl_reads_the_stream_Then_every_message_arrives_in_order_and_it_ends_OK()
    {
        await using var server = await TestControlServer.StartAsync();

        var events = await server.Channel.ServerStreamingAsync<WatchIngestRequest, IngestEvent>(TestHandlers.WatchIngest,
            new WatchIngestRequest { Workspace = "lung-ct" }).ToListAsync();

        events.Select(e => e.AssociationOpened.Id).Should().Equal(1UL, 2UL, 3UL, 4UL, 5UL);
        events.Should().OnlyContain(e => e.AssociationOpened.Workspace == "lung-ct");
    }

    [Fact]
    public async Task Given_a_stream_that_fails_midway_When_read_Then_the_messages_before_arrive_and_then_the_status_is_thrown()
    {
        await using var server = await TestControlServer.StartAsync();
        var received = new List<IngestEvent>();

        var read = async () =>
        {
            await foreach (var e in server.Channel.ServerStreamingAsync<WatchIngestRequest, IngestEvent>(TestHandlers.WatchIngest,
                new WatchIngestRequest { Workspace = TestHandlers.FailingWatch }))
            {
                received.Add(e);
            }
        };

        var failure = (await read.Should().ThrowAsync<RpcException>()).Which;
        failure.StatusCode.Should().Be(StatusCode.Aborted);
        failure.Detail.Should().Be("The watch was stopped.");
        received.Should().HaveCount(2);
    }

    [Fact]
    public async Task Given_an_endless_stream_When_the_reader_stops_early_Then_the_handler_observes_cancellation_and_the_call_is_audited_CANCELLED()
    {
        await using var server = await TestControlServer.StartAsync();

        await foreach (var e in server.Channel.ServerStreamingAsync<WatchIngestRequest, IngestEvent>(TestHandlers.WatchIngest,
            new WatchIngestRequest { Workspace = TestHandlers.EndlessWatch }))
        {
            e.AssociationOpened.Id.Should().Be(1);
            break;
        }

        await server.Handlers.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        (await server.Audit.WaitForAsync(TestHandlers.WatchIngest)).Outcome.Should().Be(StatusCode.Cancelled);
    }
}
