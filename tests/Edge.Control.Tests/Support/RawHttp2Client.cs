using System.Net;
using System.Net.Sockets;
using Edge.Control.Wire;

namespace Edge.Control.Tests.Support;

/// <summary>
/// Plain HTTP/2 requests to the control socket, bypassing edgectl's client: for what a well-behaved gRPC client never
/// sends (a deadline it does not enforce itself, compressed flags, two messages, a wrong content type).
/// </summary>
internal sealed class RawHttp2Client : IDisposable
{
    private readonly HttpClient _http;

    public RawHttp2Client(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public sealed record Response(HttpStatusCode HttpStatus, string? GrpcStatus, string? GrpcMessage, byte[] Body, bool TrailersOnly);

    public async Task<Response> PostAsync(string path, byte[] body, string contentType = GrpcHeaders.ContentType,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost" + path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _http.SendAsync(request);
        var content = await response.Content.ReadAsByteArrayAsync();
        var trailersOnly = response.Headers.Contains(GrpcHeaders.Status);
        var source = trailersOnly ? response.Headers : response.TrailingHeaders;
        return new Response(response.StatusCode,
            source.TryGetValues(GrpcHeaders.Status, out var status) ? status.First() : null,
            source.TryGetValues(GrpcHeaders.Message, out var message) ? message.First() : null,
            content, trailersOnly);
    }

    public void Dispose() => _http.Dispose();
}
