using System.Collections.Frozen;
using System.Diagnostics;
using System.Globalization;
using Edge.Control.Access;
using Edge.Control.Audit;
using Edge.Control.Methods;
using Edge.Control.Wire;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Edge.Control.Transport;

/// <summary>
/// The gRPC protocol over one HTTP/2 request: method lookup, authorisation before the request is read, deadline,
/// the request message, the handler, the audit record, then the answer and the status (in trailers, or alone in the
/// headers when nothing was sent). This is the part Grpc.AspNetCore would replace.
/// </summary>
internal sealed class GrpcDispatcher(
    FrozenDictionary<string, ControlMethod> methods,
    Func<Exception, ControlRpcException?>? exceptionMapper,
    ControlAccessPolicy access,
    IControlAuditSink audit,
    int maxReceiveMessageSize,
    CancellationToken stopping,
    ILogger logger)
{
    private const int MaxAuditedPathLength = 200;

    // CancellationTokenSource timers hold at most about 49 days; a longer deadline is no deadline in practice.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(49);

    private readonly record struct Outcome(StatusCode Code, string? Message, IMessage? Response = null)
    {
        public static Outcome Ok(IMessage? response) => new(StatusCode.OK, null, response);
    }

    public async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var at = DateTimeOffset.UtcNow;
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        if (!GrpcHeaders.IsGrpcContentType(http.Request.ContentType))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        if (http.Features.Get<PeerCredentialsFeature>()?.Credentials is not { } peer)
        {
            // Unreachable: the connection middleware closes connections without credentials.
            http.Abort();
            return;
        }
        http.Response.ContentType = GrpcHeaders.ContentType;
        http.Response.Headers[GrpcHeaders.AcceptEncoding] = GrpcHeaders.IdentityEncoding;

        var path = http.Request.Path.Value ?? "";
        var grants = access.GrantsOf(peer);
        Outcome outcome;
        var refused = false;
        if (!methods.TryGetValue(path, out var method))
        {
            outcome = new(StatusCode.Unimplemented, $"The control plane has no method {Truncate(path)}.");
        }
        else if (!method.Access.Allows(grants))
        {
            refused = true;
            ControlLog.Refused(logger, path, peer.UserId, grants.ToString());
            outcome = new(StatusCode.PermissionDenied, $"uid {peer.UserId} has no role that may call {path}.");
        }
        else
        {
            outcome = await InvokeAsync(http, method, peer, grants).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        outcome = await AuditAsync(new ControlAuditRecord(at, Truncate(path), peer, grants, outcome.Code, refused, elapsed), outcome)
            .ConfigureAwait(false);
        ControlLog.CallEnded(logger, Truncate(path), peer.UserId, outcome.Code.ToString(), elapsed.TotalMilliseconds);
        await RespondAsync(http, outcome).ConfigureAwait(false);
    }

    private async Task<Outcome> InvokeAsync(HttpContext http, ControlMethod method, PeerCredentials peer, ControlGrants grants)
    {
        var encoding = http.Request.Headers[GrpcHeaders.Encoding].ToString();
        if (encoding.Length > 0 && encoding != GrpcHeaders.IdentityEncoding)
        {
            return new(StatusCode.Unimplemented, $"Message encoding '{Truncate(encoding)}' is not supported; send uncompressed messages.");
        }
        var timeoutHeader = http.Request.Headers[GrpcHeaders.Timeout].ToString();
        var timeout = Timeout.InfiniteTimeSpan;
        if (timeoutHeader.Length > 0 && !GrpcTimeout.TryParse(timeoutHeader, out timeout))
        {
            return new(StatusCode.Internal, "Malformed grpc-timeout header.");
        }
        DateTimeOffset? deadline = timeout == Timeout.InfiniteTimeSpan ? null : DateTimeOffset.UtcNow + timeout;
        using var deadlineTimer = new CancellationTokenSource();
        if (deadline is not null && timeout < LongestTimer)
        {
            deadlineTimer.CancelAfter(timeout);
        }
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping, deadlineTimer.Token);
        bool DeadlinePassed() => deadlineTimer.IsCancellationRequested || DateTimeOffset.UtcNow >= deadline;

        var context = new ControlCallContext(method.Path, peer, grants, deadline, cancellation.Token);
        try
        {
            var payload = await RequestReader.ReadSingleMessageAsync(http.Request.BodyReader, maxReceiveMessageSize, cancellation.Token)
                .ConfigureAwait(false);
            IMessage request;
            try
            {
                request = method.Parse(payload);
            }
            catch (InvalidProtocolBufferException)
            {
                return new(StatusCode.Internal, "The request message could not be parsed.");
            }
            var response = await method.InvokeAsync(request, context, new ResponseStream(http.Response)).ConfigureAwait(false);
            return DeadlinePassed() ? new(StatusCode.DeadlineExceeded, "Deadline exceeded.") : Outcome.Ok(response);
        }
        catch (ControlRpcException e)
        {
            return new(e.StatusCode, e.Message);
        }
        catch (Exception e) when (cancellation.IsCancellationRequested
            && (e is OperationCanceledException || http.RequestAborted.IsCancellationRequested))
        {
            return DeadlinePassed() ? new(StatusCode.DeadlineExceeded, "Deadline exceeded.")
                : http.RequestAborted.IsCancellationRequested ? new(StatusCode.Cancelled, "The call was cancelled.")
                : new(StatusCode.Unavailable, "The daemon is stopping.");
        }
        catch (Exception e)
        {
            if (exceptionMapper?.Invoke(e) is { } mapped)
            {
                return new(mapped.StatusCode, mapped.Message);
            }
            // The exception's message is not logged: it may quote the data that made the handler fail.
            ControlLog.HandlerFailed(logger, method.Path, e.GetType().FullName ?? e.GetType().Name, e.StackTrace);
            return new(StatusCode.Internal, "The daemon failed to handle the call; its log has details.");
        }
    }

    private async Task<Outcome> AuditAsync(ControlAuditRecord record, Outcome outcome)
    {
        try
        {
            // Not the call's token: a cancelled or refused call is audited all the same.
            await audit.RecordAsync(record, CancellationToken.None).ConfigureAwait(false);
            return outcome;
        }
        catch (Exception e)
        {
            ControlLog.AuditFailed(logger, record.Method, record.Peer.UserId, e.GetType().FullName ?? e.GetType().Name);
            return outcome.Code == StatusCode.OK ? new(StatusCode.Internal, "The call could not be audited.") : outcome;
        }
    }

    private static async Task RespondAsync(HttpContext http, Outcome outcome)
    {
        if (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        try
        {
            if (outcome is { Code: StatusCode.OK, Response: { } response })
            {
                await new ResponseStream(http.Response).WriteAsync(response, http.RequestAborted).ConfigureAwait(false);
            }
            WriteStatus(http.Response, outcome.Code, outcome.Message);
        }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The caller went away while the answer was sent; there is no one to tell.
        }
    }

    private static void WriteStatus(HttpResponse response, StatusCode code, string? message)
    {
        var status = ((int)code).ToString(CultureInfo.InvariantCulture);
        var encoded = string.IsNullOrEmpty(message) ? null : StatusMessageEncoding.Encode(message);
        if (!response.HasStarted)
        {
            // Trailers-only: nothing was sent, so the status travels in the one HEADERS frame that ends the stream.
            response.Headers[GrpcHeaders.Status] = status;
            if (encoded is not null)
            {
                response.Headers[GrpcHeaders.Message] = encoded;
            }
            return;
        }
        response.AppendTrailer(GrpcHeaders.Status, status);
        if (encoded is not null)
        {
            response.AppendTrailer(GrpcHeaders.Message, encoded);
        }
    }

    private static string Truncate(string value) =>
        value.Length <= MaxAuditedPathLength ? value : value[..MaxAuditedPathLength];
}
