using System.Text.Json;
using Edge.Testing;
using Google.Protobuf;

namespace Edge.Control.Tests.Support;

/// <summary>
/// Calls the control socket with Debian's python3-grpcio, a gRPC implementation that is not ours: raw request bytes
/// built here with Google.Protobuf go in, raw response bytes come back (no code generated for Python).
/// </summary>
internal static class PythonGrpc
{
    private const string Python = "/usr/bin/python3";

    // Several calls per process: importing grpc costs more than the calls.
    private const string Script = """
        import json, os, sys
        import grpc

        job = json.loads(sys.argv[1])
        become = job['become']
        if become:
            # As a real other user would connect: supplementary groups, then gid, then uid (dropping root last).
            os.setgroups(become['groups'])
            os.setgid(become['gid'])
            os.setuid(become['uid'])
        results = []
        with grpc.insecure_channel('unix://' + job['socket']) as channel:
            for call in job['calls']:
                request = bytes.fromhex(call['request'])
                result = {'responses': [], 'code': 'OK', 'details': None}
                try:
                    # No serializers: bytes in, bytes out.
                    if call['streaming']:
                        for response in channel.unary_stream(call['method'])(request, timeout=call['timeout']):
                            result['responses'].append(response.hex())
                    else:
                        result['responses'].append(channel.unary_unary(call['method'])(request, timeout=call['timeout']).hex())
                except grpc.RpcError as e:
                    result['code'] = e.code().name
                    result['details'] = e.details()
                results.append(result)
        print(json.dumps(results))
        """;

    public sealed record Call(string Method, IMessage Request, bool Streaming = false, double? TimeoutSeconds = null);

    public sealed record Result(string Code, string? Details, IReadOnlyList<byte[]> Responses);

    public static void Require()
    {
        ExternalTool.Require(Python);
        var probe = ExternalTool.Run(Python, "-c", "import grpc");
        Skip.If(probe.ExitCode != 0, "python3-grpcio is not installed: " + probe.StdErr);
    }

    /// <summary>Credentials the Python process takes before connecting (it must start as root to take them).</summary>
    public sealed record Identity(uint Uid, uint Gid, IReadOnlyList<uint> Groups);

    public static IReadOnlyList<Result> Run(string socketPath, params Call[] calls) => Run(socketPath, null, calls);

    public static IReadOnlyList<Result> Run(string socketPath, Identity? become, params Call[] calls)
    {
        var job = JsonSerializer.Serialize(new
        {
            socket = socketPath,
            become = become is null ? null : new { uid = become.Uid, gid = become.Gid, groups = become.Groups },
            calls = calls.Select(c => new
            {
                method = c.Method,
                request = Convert.ToHexString(c.Request.ToByteArray()),
                streaming = c.Streaming,
                timeout = c.TimeoutSeconds,
            }),
        });
        var run = ExternalTool.Run(Python, ["-c", Script, job], TimeSpan.FromSeconds(30));
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("The Python gRPC client failed: " + run.Output);
        }
        using var output = JsonDocument.Parse(run.StdOut);
        return output.RootElement.EnumerateArray()
            .Select(r => new Result(
                r.GetProperty("code").GetString()!,
                r.GetProperty("details").GetString(),
                r.GetProperty("responses").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!)).ToList()))
            .ToList();
    }
}
