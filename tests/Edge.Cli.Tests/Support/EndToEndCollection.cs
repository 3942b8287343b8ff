namespace Edge.Cli.Tests.Support;

/// <summary>One published edged for every end-to-end test class; each test works in workspaces of its own.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<DaemonFixture>
{
    public const string Name = "edged and edgectl";
}

public sealed class DaemonFixture : IAsyncLifetime
{
    public EdgeDaemon Daemon { get; private set; } = null!;

    public async Task InitializeAsync() => Daemon = await EdgeDaemon.StartAsync();

    public async Task DisposeAsync() => await Daemon.DisposeAsync();
}
