using System.CommandLine;
using System.Text.Json;
using Edge.Cli.Output;
using Edge.Cli.Transport;
using Google.Protobuf;
using Spectre.Console;

namespace Edge.Cli.Shell;

/// <summary>
/// One invocation of edgectl: the channel to the daemon, the call deadline, and where answers go (tables for people
/// on stdout, or one JSON document with --json; progress and errors on stderr).
/// </summary>
public sealed class CliSession : IDisposable
{
    private const int RedirectedWidth = 200;

    private readonly TimeSpan? _timeout;
    private readonly bool _timeoutGiven;
    private ControlChannel? _channel;

    public CliSession(ParseResult parse, GlobalOptions options, CancellationToken cancellationToken)
    {
        SocketPath = parse.GetValue(options.Socket) ?? ControlChannel.DefaultSocketPath;
        Json = parse.GetValue(options.Json);
        var timeout = parse.GetValue(options.Timeout);
        _timeoutGiven = timeout is not null;
        _timeout = TimeSpan.FromSeconds(timeout ?? GlobalOptions.DefaultTimeoutSeconds);
        CancellationToken = cancellationToken;
        Out = CreateConsole(Console.Out, Console.IsOutputRedirected);
        Error = CreateConsole(Console.Error, Console.IsErrorRedirected);
    }

    public string SocketPath { get; }

    public bool Json { get; }

    /// <summary>Cancelled by Ctrl-C or SIGTERM.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Standard output, for tables and messages meant for people.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Standard error, for progress and problems.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Progress bars and spinners only for a person at a terminal, never in JSON mode.</summary>
    public bool ShowsProgress => !Json && Error.Profile.Capabilities.Interactive;

    private ControlChannel Channel => _channel ??= new ControlChannel(SocketPath);

    /// <summary>A call that answers at once, bounded by --timeout (or its default).</summary>
    public Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new() =>
        Channel.UnaryAsync<TRequest, TResponse>(method, request, new ControlCallOptions(_timeout, CancellationToken));

    /// <summary>A call that may take long (an export, a backup, a verification): bounded only by an explicit --timeout.</summary>
    public Task<TResponse> LongCallAsync<TRequest, TResponse>(string method, TRequest request)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new() =>
        Channel.UnaryAsync<TRequest, TResponse>(method, request, new ControlCallOptions(_timeoutGiven ? _timeout : null, CancellationToken));

    /// <summary>A server stream (a purge's progress, a watch), bounded only by an explicit --timeout.</summary>
    public IAsyncEnumerable<TResponse> StreamAsync<TRequest, TResponse>(string method, TRequest request)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new() =>
        Channel.ServerStreamingAsync<TRequest, TResponse>(method, request, new ControlCallOptions(_timeoutGiven ? _timeout : null, CancellationToken));

    /// <summary>A line for people on standard output, never wrapped (it may hold a long UID or path).</summary>
    public void Say(string line) => Console.Out.WriteLine(line);

    /// <summary>Writes one JSON document (indented) to standard output.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write) => JsonOutput.WriteDocument(Console.Out, write, indented: true);

    /// <summary>Writes one JSON value on one line (JSON Lines, for streams such as watch).</summary>
    public void WriteJsonLine(Action<Utf8JsonWriter> write) => JsonOutput.WriteDocument(Console.Out, write, indented: false);

    /// <summary>The answer: with --json the document <paramref name="json"/> writes, else what <paramref name="forPeople"/> shows.</summary>
    public void Answer(Action<Utf8JsonWriter> json, Action forPeople)
    {
        if (Json)
        {
            WriteJson(json);
        }
        else
        {
            forPeople();
        }
    }

    /// <summary>As <see cref="Answer"/>, the JSON document being one object holding what <paramref name="fields"/> writes.</summary>
    public void AnswerObject(Action<Utf8JsonWriter> fields, Action forPeople) =>
        Answer(w =>
        {
            w.WriteStartObject();
            fields(w);
            w.WriteEndObject();
        }, forPeople);

    /// <summary>A spinner on a terminal while a long call runs (the contract reports no progress for these).</summary>
    public async Task<T> WhileWaitingAsync<T>(string what, Func<Task<T>> call) where T : IMessage
    {
        if (!ShowsProgress)
        {
            return await call().ConfigureAwait(false);
        }
        return await Error.Status().StartAsync(Markup.Escape(what) + "…", _ => call()).ConfigureAwait(false);
    }

    public void Dispose() => _channel?.Dispose();

    /// <summary>
    /// Colours and a terminal's width for a terminal; plain text, wide enough for UIDs, when redirected to a file or
    /// a pipe (which --json serves better anyway).
    /// </summary>
    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }
        return console;
    }
}
