using Edge.Testing;

namespace Edge.Daemon.Tests.Packaging;

public sealed class SystemdUnitTests
{
    private static readonly string UnitPath = Path.Combine(Corpus.RepoRoot, "packaging", "systemd", "edge.service");

    [SkippableFact]
    public void Given_the_unit_When_systemd_analyze_verifies_it_Then_it_reports_nothing()
    {
        ExternalTool.Require("systemd-analyze");
        using var dir = new TempDirectory();
        // The unit names the installed binary; verify it against one that exists here.
        var unit = File.ReadAllText(UnitPath).Replace("/usr/lib/edge/edged", "/bin/true", StringComparison.Ordinal);
        var path = dir.Combine("edge.service");
        File.WriteAllText(path, unit);

        var result = ExternalTool.Run("systemd-analyze", "verify", path);

        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Trim().Should().BeEmpty();
    }

    [Fact]
    public void Given_the_unit_Then_it_is_hardened_as_the_security_officer_expects()
    {
        var lines = File.ReadAllLines(UnitPath).Select(l => l.Trim()).ToHashSet();

        lines.Should().Contain(["Type=notify", "User=edge", "StateDirectory=edge", "NoNewPrivileges=yes", "ProtectSystem=strict",
            "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
            "CapabilityBoundingSet=", "LoadCredentialEncrypted=ledger-key:/etc/edge/ledger-key.cred"]);
    }
}
