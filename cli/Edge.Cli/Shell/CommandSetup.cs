using System.CommandLine;
using Edge.Cli.Output;
using Edge.Cli.Transport;

namespace Edge.Cli.Shell;

/// <summary>
/// What every command is built with: the global options, its help examples, and its action wrapped so that the
/// daemon's refusals and failures become documented exit codes with a message on stderr (JSON with --json).
/// </summary>
public sealed class CommandSetup(GlobalOptions options)
{
    private readonly Dictionary<Command, IReadOnlyList<string>> _examples = [];

    public GlobalOptions Options { get; } = options;

    public IReadOnlyDictionary<Command, IReadOnlyList<string>> Examples => _examples;

    /// <summary>Command lines shown under "Examples:" in the command's help.</summary>
    public void Example(Command command, params string[] lines) => _examples[command] = lines;

    public void Action(Command command, Func<ParseResult, CliSession, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var session = new CliSession(parse, Options, cancellationToken);
            try
            {
                return await body(parse, session).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                return Fail(session, e);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
        });

    private static int Fail(CliSession session, RpcException e)
    {
        var code = ExitCodes.For(e);
        var status = Formats.Status(e.StatusCode);
        var message = code == ExitCodes.Unavailable
            ? $"{e.Detail} Is edged running, and may this user open {session.SocketPath}? (--socket names another)"
            : e.Detail;
        if (session.Json)
        {
            JsonOutput.WriteDocument(Console.Error, w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("error");
                w.WriteString("code", status);
                w.WriteNumber("exit_code", code);
                w.WriteString("message", message);
                w.WriteEndObject();
                w.WriteEndObject();
            }, indented: false);
        }
        else
        {
            Console.Error.WriteLine($"edgectl: {status}: {message}");
        }
        return code;
    }
}
