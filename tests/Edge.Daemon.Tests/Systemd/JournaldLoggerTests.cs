using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Edge.Daemon.Systemd;
using Edge.Testing;
using Microsoft.Extensions.Logging;

namespace Edge.Daemon.Tests.Systemd;

public sealed partial class JournaldLoggerTests
{
    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Stored {SopInstanceUid} in {Workspace}")]
    private static partial void Stored(ILogger logger, string sopInstanceUid, string workspace);

    [Fact]
    public void Given_a_log_call_with_placeholders_When_sent_to_journald_Then_each_placeholder_is_a_structured_field()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("journal.sock");
        using var journal = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        journal.Bind(new UnixDomainSocketEndPoint(path));
        journal.ReceiveTimeout = 5000;
        using var provider = new JournaldLoggerProvider(path);

        Stored(provider.CreateLogger("Edge.Ingest"), "2.25.1234", "cardio");

        var fields = Parse(Receive(journal));
        fields["MESSAGE"].Should().Be("Stored 2.25.1234 in cardio");
        fields["PRIORITY"].Should().Be("4");
        fields["SYSLOG_IDENTIFIER"].Should().Be("edged");
        fields["EDGE_SOP_INSTANCE_UID"].Should().Be("2.25.1234");
        fields["EDGE_WORKSPACE"].Should().Be("cardio");
        fields["EDGE_EVENT_ID"].Should().Be("7");
    }

    [Fact]
    public void Given_a_message_with_a_newline_When_sent_Then_it_uses_the_binary_field_form()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("journal.sock");
        using var journal = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        journal.Bind(new UnixDomainSocketEndPoint(path));
        journal.ReceiveTimeout = 5000;
        using var provider = new JournaldLoggerProvider(path);

        provider.CreateLogger("x").LogError("line one\nline two");

        Parse(Receive(journal))["MESSAGE"].Should().Be("line one\nline two");
    }

    private static byte[] Receive(Socket s)
    {
        var buffer = new byte[65536];
        var n = s.Receive(buffer);
        return buffer[..n];
    }

    /// <summary>The native protocol, read the way journald reads it.</summary>
    private static Dictionary<string, string> Parse(byte[] d)
    {
        var fields = new Dictionary<string, string>();
        var i = 0;
        while (i < d.Length)
        {
            var eol = Array.IndexOf(d, (byte)'\n', i);
            var eq = Array.IndexOf(d, (byte)'=', i, eol - i);
            if (eq >= 0)
            {
                fields[Encoding.ASCII.GetString(d, i, eq - i)] = Encoding.UTF8.GetString(d, eq + 1, eol - eq - 1);
                i = eol + 1;
                continue;
            }
            var key = Encoding.ASCII.GetString(d, i, eol - i);
            var len = (int)BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(eol + 1, 8));
            fields[key] = Encoding.UTF8.GetString(d, eol + 9, len);
            i = eol + 9 + len + 1;
        }
        return fields;
    }
}
