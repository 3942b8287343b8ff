using Edge.Control.Methods;
using Edge.Control.V1;

namespace Edge.Control.Tests.Methods;

public class ControlMethodRegistryTests
{
    [Fact]
    public void Given_a_path_the_contract_lacks_When_mapped_Then_refused()
    {
        var map = () => new ControlMethodRegistry().MapUnary<HealthRequest, HealthResponse>("/edge.control.v1.System/Healthz",
            (_, _) => Task.FromResult(new HealthResponse()));

        map.Should().Throw<ArgumentException>().WithMessage("*no method /edge.control.v1.System/Healthz*");
    }

    [Fact]
    public void Given_other_message_types_than_the_contracts_When_mapped_Then_refused()
    {
        var map = () => new ControlMethodRegistry().MapUnary<HealthRequest, VersionInfo>("/edge.control.v1.System/Health",
            (_, _) => Task.FromResult(new VersionInfo()));

        map.Should().Throw<ArgumentException>().WithMessage("*answers edge.control.v1.HealthResponse*");
    }

    [Fact]
    public void Given_a_streaming_method_When_mapped_as_unary_Then_refused()
    {
        var map = () => new ControlMethodRegistry().MapUnary<WatchIngestRequest, IngestEvent>("/edge.control.v1.Ingest/WatchIngest",
            (_, _) => Task.FromResult(new IngestEvent()));

        map.Should().Throw<ArgumentException>().WithMessage("*server-streaming*");
    }

    [Fact]
    public void Given_a_mapped_method_When_mapped_again_Then_refused()
    {
        var registry = new ControlMethodRegistry().MapUnary<HealthRequest, HealthResponse>("/edge.control.v1.System/Health",
            (_, _) => Task.FromResult(new HealthResponse()));

        var again = () => registry.MapUnary<HealthRequest, HealthResponse>("/edge.control.v1.System/Health",
            (_, _) => Task.FromResult(new HealthResponse()));

        again.Should().Throw<ArgumentException>().WithMessage("*mapped twice*");
    }

    [Fact]
    public void Given_mapped_methods_When_the_paths_are_listed_Then_each_is_named_once()
    {
        var registry = new Edge.Control.Tests.Support.TestHandlers().Register(new ControlMethodRegistry());

        registry.Paths.Should().OnlyHaveUniqueItems().And.Contain("/edge.control.v1.System/Health", "/edge.control.v1.Ingest/WatchIngest");
    }
}
