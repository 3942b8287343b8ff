using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Systemd;

/// <summary>
/// Logs to journald through its native protocol (datagrams of fields to /run/systemd/journal/socket): MESSAGE,
/// PRIORITY, SYSLOG_IDENTIFIER, the logger category, and every named placeholder of the message template as its own
/// field (EDGE_WORKSPACE=..., EDGE_CALLING_AE=...), so `journalctl EDGE_WORKSPACE=cardio` works. Messages never carry
/// PHI: log calls pass pseudonymised UIDs, counts, AE titles and statuses only.
/// </summary>
public sealed class JournaldLoggerProvider : ILoggerProvider
{
    public const string DefaultSocket = "/run/systemd/journal/socket";

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly LogLevel _minimum;

    public JournaldLoggerProvider(string socketPath = DefaultSocket, LogLevel minimum = LogLevel.Information)
    {
        _endPoint = new UnixDomainSocketEndPoint(socketPath);
        _minimum = minimum;
    }

    /// <summary>True when stderr goes to the journal ($JOURNAL_STREAM, set by systemd) and its socket exists.</summary>
    public static bool Available() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM")) && File.Exists(DefaultSocket);

    public ILogger CreateLogger(string categoryName) => new JournaldLogger(this, categoryName);

    public void Dispose() => _socket.Dispose();

    internal void Send(byte[] datagram)
    {
        try
        {
            _socket.SendTo(datagram, _endPoint);
        }
        catch (SocketException)
        {
            // A full or absent journal must not stop the daemon.
        }
    }

    private sealed class JournaldLogger(JournaldLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var message = formatter(state, exception);
            if (exception is not null)
            {
                message += Environment.NewLine + exception.GetType().FullName + ": " + exception.Message;
            }
            using var ms = new MemoryStream();
            Field(ms, "MESSAGE", message);
            Field(ms, "PRIORITY", Priority(logLevel).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Field(ms, "SYSLOG_IDENTIFIER", "edged");
            Field(ms, "EDGE_CATEGORY", category);
            if (eventId.Id != 0)
            {
                Field(ms, "EDGE_EVENT_ID", eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key == "{OriginalFormat}" || value is null)
                    {
                        continue;
                    }
                    Field(ms, "EDGE_" + FieldName(key), Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }
            provider.Send(ms.ToArray());
        }

        private static int Priority(LogLevel level) => level switch
        {
            LogLevel.Critical => 2,
            LogLevel.Error => 3,
            LogLevel.Warning => 4,
            LogLevel.Information => 6,
            _ => 7,
        };

        /// <summary>Journal field names: upper-case letters, digits and underscores (placeholders are CamelCase).</summary>
        private static string FieldName(string key)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < key.Length; i++)
            {
                var c = key[i];
                if (char.IsUpper(c) && i > 0 && char.IsLower(key[i - 1]))
                {
                    sb.Append('_');
                }
                sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
            }
            return sb.ToString();
        }

        /// <summary>A field: KEY=value\n, or for values holding a newline, KEY\n + 64-bit LE length + value + \n.</summary>
        private static void Field(Stream s, string key, string value)
        {
            var k = Encoding.ASCII.GetBytes(key);
            var v = Encoding.UTF8.GetBytes(value);
            s.Write(k);
            if (Array.IndexOf(v, (byte)'\n') < 0)
            {
                s.WriteByte((byte)'=');
                s.Write(v);
            }
            else
            {
                s.WriteByte((byte)'\n');
                Span<byte> len = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)v.Length);
                s.Write(len);
                s.Write(v);
            }
            s.WriteByte((byte)'\n');
        }
    }
}
