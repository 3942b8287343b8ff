using System.Net.Sockets;
using System.Text;
using Edge.Daemon.Systemd;
using Edge.Testing;

namespace Edge.Daemon.Tests.Systemd;

public sealed class SdNotifyTests
{
    [Fact]
    public void Given_a_notify_socket_When_ready_stopping_and_watchdog_are_sent_Then_systemd_receives_each_datagram()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("notify.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.ReceiveTimeout = 5000;

        using (var notify = new SdNotify(path))
        {
            notify.Enabled.Should().BeTrue();
            notify.Ready("listening on 127.0.0.1:11112");
            notify.Watchdog();
            notify.Stopping("draining");
        }

        Receive(listener).Should().Contain("READY=1").And.Contain("STATUS=listening on 127.0.0.1:11112").And.Contain($"MAINPID={Environment.ProcessId}");
        Receive(listener).Should().Be("WATCHDOG=1");
        Receive(listener).Should().StartWith("STOPPING=1");
    }

    [Fact]
    public void Given_no_notify_socket_When_notifying_Then_nothing_happens()
    {
        using var notify = new SdNotify("");

        notify.Enabled.Should().BeFalse();
        notify.Invoking(n => n.Ready("x")).Should().NotThrow();
    }

    private static string Receive(Socket s)
    {
        var buffer = new byte[4096];
        var n = s.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }
}
