using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Edge.Network.Tests.Support;

/// <summary>Collects log lines (and echoes them to the test output) so tests can check what the server says.</summary>
internal sealed class TestLoggerFactory(ITestOutputHelper? output = null) : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public string Text => string.Join('\n', _lines);

    /// <summary>
    /// Asserts that the log contains <paramref name="expected"/> within ten seconds and returns the text: the server
    /// may log an event just after the peer has seen its outcome (a release, a final response).
    /// </summary>
    public async Task<string> ShouldSoonContainAsync(string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Text.Contains(expected, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Text.Should().Contain(expected);
        return Text;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        _lines.Enqueue(line);
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished; a late line from a closing association is fine to drop.
        }
    }

    private sealed class Logger(TestLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var name = category[(category.LastIndexOf('.') + 1)..];
            factory.Write($"{logLevel} {name}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
    }
}
