using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Dicom.Network;

/// <summary>
/// The DICOM listener (SCP): accepts TCP connections and runs one association per connection. What is accepted and
/// who serves it is decided by the <see cref="IAssociationAcceptor"/>; the engine does the protocol.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly IAssociationAcceptor _acceptor;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly AssociationLimiter _limiter;
    private readonly DicomClient _moveClient;
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _hardStop = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private long _nextConnection;
    private int _stopped;
    private AcceptFailure? _lastAcceptFailure;
    private IPEndPoint? _boundEndPoint;

    public DicomServer(DicomServerOptions options, IAssociationAcceptor acceptor, ILoggerFactory? loggerFactory = null)
    {
        options.Validate();
        _options = options;
        _acceptor = acceptor;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<DicomServer>();
        _limiter = new AssociationLimiter(options.MaxAssociations);
        _moveClient = new DicomClient(new DicomClientOptions
        {
            ConnectTimeout = options.MoveConnectTimeout,
            ArtimTimeout = options.ArtimTimeout,
            DimseTimeout = options.IdleTimeout,
            MaxPduLength = options.MaxPduLength,
            NoDelay = options.NoDelay,
        }, _loggerFactory.CreateLogger<DicomClient>());
    }

    /// <summary>The address and port listened on (the real port when 0 was configured).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener?.LocalEndPoint ?? throw new InvalidOperationException("The server is not started"));

    /// <summary>Connections currently open, associated or not.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>The listener as an administrator sees it: where it listens, how busy it is, when accepting last failed.</summary>
    public DicomServerStatus Status => new(
        _boundEndPoint,
        _acceptLoop is { IsCompleted: false },
        _limiter.Count,
        _limiter.Maximum,
        Volatile.Read(ref _lastAcceptFailure));

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("The server is already started");
        }
        cancellationToken.ThrowIfCancellationRequested();
        var endPoint = new IPEndPoint(IPAddress.Parse(_options.BindAddress), _options.Port);
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endPoint);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        // Kept: the socket's own address is unreadable once it is closed, and the status is asked for after a stop too.
        _boundEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync(listener, _stopAccepting.Token);
        NetworkLog.ServerListening(_logger, listener.LocalEndPoint, _options.MaxAssociations);
        return Task.CompletedTask;
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // Out of descriptors and the like: keep serving, but do not spin.
                NetworkLog.AcceptFailed(_logger, ex.Message);
                Volatile.Write(ref _lastAcceptFailure, new AcceptFailure(DateTimeOffset.UtcNow, ex.Message));
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            Serve(socket);
        }
    }

    private void Serve(Socket socket)
    {
        socket.NoDelay = _options.NoDelay;
        socket.SendTimeout = (int)Math.Min(_options.IdleTimeout.TotalMilliseconds, int.MaxValue);
        var association = new ServerAssociation(socket, _options, _acceptor, _moveClient, _limiter,
            _loggerFactory.CreateLogger<ServerAssociation>(), _hardStop.Token);
        var id = Interlocked.Increment(ref _nextConnection);
        var task = Task.Run(async () =>
        {
            try
            {
                await association.RunAsync().ConfigureAwait(false);
            }
            finally
            {
                _connections.TryRemove(id, out _);
            }
        });
        _connections[id] = task;
        if (task.IsCompleted)
        {
            _connections.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Stops listening, lets running associations finish for <see cref="DicomServerOptions.StopGracePeriod"/>, then
    /// aborts those left. Cancelling <paramref name="cancellationToken"/> cuts the grace period short.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1 || _listener is null)
        {
            return;
        }
        await _stopAccepting.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        NetworkLog.ServerStopping(_logger, _connections.Count);
        var running = Task.WhenAll(_connections.Values);
        try
        {
            await running.WaitAsync(_options.StopGracePeriod, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            NetworkLog.ServerAbortingAssociations(_logger, _connections.Count);
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        }
        NetworkLog.ServerStopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopAccepting.Dispose();
        _hardStop.Dispose();
    }
}
