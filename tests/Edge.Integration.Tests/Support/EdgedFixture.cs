using Edge.Testing;

namespace Edge.Integration.Tests.Support;

/// <summary>
/// One edged for a whole test class, on a fresh state directory with the configuration the class asks for; stopped
/// with SIGTERM at the end.
/// </summary>
public abstract class EdgedFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("edge-it");
    private EdgedProcess? _edged;

    protected abstract IReadOnlyList<WorkspaceSpec> Workspaces { get; }

    protected virtual int IdleTimeoutSeconds => 30;

    public EdgedProcess Edged => _edged ?? throw new InvalidOperationException("edged is not started");

    public EdgeState State => Edged.State;

    /// <summary>A scratch directory beside the state for the test's own files.</summary>
    public string Scratch(string name)
    {
        var path = _directory.Combine("scratch", name);
        Directory.CreateDirectory(path);
        return path;
    }

    public async Task InitializeAsync()
    {
        var config = EdgeConfig.Write(_directory.Path, Workspaces, IdleTimeoutSeconds);
        _edged = await EdgedProcess.StartAsync(_directory.Combine("state"), config);
    }

    public async Task DisposeAsync()
    {
        if (_edged is not null)
        {
            if (!_edged.HasExited)
            {
                await _edged.TerminateAsync();
            }
            await _edged.DisposeAsync();
        }
        _directory.Dispose();
    }
}
