using Edge.Daemon.Configuration;

namespace Edge.Daemon.Tests.Configuration;

public sealed class ConfigurationLoaderTests
{
    [Fact]
    public void Given_the_embedded_default_When_parsed_Then_it_has_one_workspace_EDGE_on_loopback_11112()
    {
        var c = ConfigurationLoader.Parse(ConfigurationLoader.EmbeddedDefaultText(), "embedded");

        c.Dicom.BindAddress.Should().Be("127.0.0.1");
        c.Dicom.Port.Should().Be(11112);
        c.Workspaces.Should().ContainSingle();
        c.Workspaces[0].Name.Should().Be("default");
        c.Workspaces[0].AeTitle.Should().Be("EDGE");
        c.Workspaces[0].Profile.Should().Be("research-default");
    }

    [Fact]
    public void Given_the_sample_configuration_When_parsed_Then_it_is_valid()
    {
        var path = Path.Combine(Edge.Testing.Corpus.RepoRoot, "packaging", "edge.sample.json");
        var text = File.ReadAllText(path).Replace("/etc/edge/profiles/neuro.yaml", "basic", StringComparison.Ordinal);

        var c = ConfigurationLoader.Parse(text, path);

        c.Workspaces.Select(w => w.AeTitle).Should().Equal("EDGE_CARDIO", "EDGE_NEURO");
    }

    [Theory]
    [InlineData("""{ "dicom": { "prot": 104 } }""", "dicom.prot: unknown key (did you mean 'port'?)")]
    [InlineData("""{ "dicom": { "port": 70000 } }""", "dicom.port: 70000 is not a TCP port")]
    [InlineData("""{ "dicom": { "bindAddress": "here" } }""", "dicom.bindAddress: 'here' is not an IP address")]
    [InlineData("""{ "workspaces": [ { "name": "a", "aeTitle": "THIS_AE_TITLE_IS_TOO_LONG" } ] }""", "workspaces[0].aeTitle")]
    [InlineData("""{ "workspaces": [ { "name": "a", "aeTitle": "A", "profile": "no-such" } ] }""", "workspaces[0].profile")]
    [InlineData("""{ "workspaces": [ { "name": "a", "aeTitle": "A" }, { "name": "b", "aeTitle": "A" } ] }""", "workspaces[1].aeTitle: AE title 'A' already routes")]
    [InlineData("""{ "control": { "roles": [ { "role": "root" } ] } }""", "control.roles[0].role")]
    [InlineData("""{ "dicom": { "port": "eleven" } }""", "dicom.port")]
    [InlineData("""{ "logging": { "level": "Loud" } }""", "logging.level")]
    public void Given_a_bad_configuration_When_parsed_Then_the_error_names_the_key(string json, string expected)
    {
        var act = () => ConfigurationLoader.Parse(json, "test.json");

        act.Should().Throw<ConfigurationException>().Which.Message.Should().StartWith("test.json: ").And.Contain(expected);
    }

    [Fact]
    public void Given_a_configuration_When_described_Then_sensitive_values_are_masked()
    {
        var text = ConfigurationLoader.Describe(new EdgeConfiguration());

        text.Should().Contain("\"dicom\"").And.Contain("\"port\": 11112");
    }
}
