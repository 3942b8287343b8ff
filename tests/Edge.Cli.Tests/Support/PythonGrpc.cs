using System.Text.Json;
using Edge.Testing;
using Google.Protobuf;

namespace Edge.Cli.Tests.Support;

/// <summary>
/// Debian's python3-grpcio, a gRPC implementation that is not ours, calling unary methods on a socket: request bytes
/// serialised here with Google.Protobuf go in, response bytes come back to be parsed as the contract's messages.
/// </summary>
public static class PythonGrpc
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        import grpc

        job = json.loads(sys.argv[1])
        results = []
        with grpc.insecure_channel('unix://' + job['socket']) as channel:
            for call in job['calls']:
                try:
                    answer = channel.unary_unary(call['method'])(bytes.fromhex(call['request']), timeout=30)
                    results.append({'code': 'OK', 'response': answer.hex()})
                except grpc.RpcError as e:
                    results.append({'code': e.code().name, 'response': None})
        print(json.dumps(results))
        """;

    public sealed record Result(string Code, byte[]? Response);

    public static void Require()
    {
        ExternalTool.Require(Python);
        var probe = ExternalTool.Run(Python, "-c", "import grpc");
        Skip.If(probe.ExitCode != 0, "python3-grpcio is not installed: " + probe.StdErr);
    }

    public static IReadOnlyList<Result> Call(string socketPath, params (string Method, IMessage Request)[] calls)
    {
        var job = JsonSerializer.Serialize(new
        {
            socket = socketPath,
            calls = calls.Select(c => new { method = c.Method, request = Convert.ToHexString(c.Request.ToByteArray()) }),
        });
        var run = ExternalTool.Run(Python, ["-c", Script, job], TimeSpan.FromSeconds(60));
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("The Python gRPC client failed: " + run.Output);
        }
        using var output = JsonDocument.Parse(run.StdOut);
        return output.RootElement.EnumerateArray()
            .Select(r => new Result(r.GetProperty("code").GetString()!,
                r.GetProperty("response").GetString() is { } hex ? Convert.FromHexString(hex) : null))
            .ToList();
    }
}
