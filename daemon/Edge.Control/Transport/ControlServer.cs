using Edge.Control.Access;
using Edge.Control.Audit;
using Edge.Control.Methods;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Control.Transport;

/// <summary>
/// The control plane's gRPC server: Kestrel on a Unix socket, HTTP/2 only (cleartext, prior knowledge), each
/// connection's peer credentials read before its first call, every call authorised, audited and dispatched to the
/// handlers of a <see cref="ControlMethodRegistry"/>. A library object: the daemon's host starts and stops it, tests
/// run the same object on a temporary socket.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private readonly KestrelServer _kestrel;
    private readonly CancellationTokenSource _stopping;
    private readonly TimeSpan _shutdownTimeout;
    private int _stopped;

    private ControlServer(KestrelServer kestrel, CancellationTokenSource stopping, string socketPath, TimeSpan shutdownTimeout)
    {
        _kestrel = kestrel;
        _stopping = stopping;
        SocketPath = socketPath;
        _shutdownTimeout = shutdownTimeout;
    }

    public string SocketPath { get; }

    /// <summary>
    /// Claims the socket path (removing a stale socket), listens, then sets the socket's mode and group. Throws
    /// <see cref="ControlException"/> when the path is in use by a live server or is not a socket.
    /// </summary>
    public static async Task<ControlServer> StartAsync(ControlServerOptions options, ControlMethodRegistry methods,
        ControlAccessPolicy access, IControlAuditSink audit, ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(audit);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<ControlServer>();
        var socketPath = Path.GetFullPath(options.SocketPath);
        var createdDirectory = await ControlSocketFile.ClaimAsync(socketPath, logger, cancellationToken).ConfigureAwait(false);

        var (handlers, exceptionMapper) = methods.Snapshot();
        var stopping = new CancellationTokenSource();
        var dispatcher = new GrpcDispatcher(handlers, exceptionMapper, access, audit, options.MaxReceiveMessageSize,
            stopping.Token, logger);
        var kestrel = new KestrelServer(Options.Create(KestrelOptions(socketPath, logger)),
            new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory), loggerFactory);
        var server = new ControlServer(kestrel, stopping, socketPath, options.ShutdownTimeout);
        try
        {
            await kestrel.StartAsync(new ControlHttpApplication(dispatcher), cancellationToken).ConfigureAwait(false);
            var group = ControlSocketFile.Secure(socketPath, createdDirectory, options.SocketGroup, logger);
            ControlLog.Listening(logger, socketPath, group ?? "unchanged");
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Cancels the calls in progress, waits for them up to the shutdown timeout, and removes the socket.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_shutdownTimeout);
        try
        {
            await _kestrel.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            ControlSocketFile.Release(SocketPath);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _kestrel.Dispose();
        _stopping.Dispose();
    }

    private static KestrelServerOptions KestrelOptions(string socketPath, ILogger logger)
    {
        var options = new KestrelServerOptions { AddServerHeader = false };
        // Our own reader enforces the message size (answering RESOURCE_EXHAUSTED); calls such as watches are
        // long-lived and quiet, so no data-rate minimums either.
        options.Limits.MaxRequestBodySize = null;
        options.Limits.MinRequestBodyDataRate = null;
        options.Limits.MinResponseDataRate = null;
        options.ListenUnixSocket(socketPath, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(PeerCredentialsMiddleware.Create(logger));
        });
        return options;
    }
}
