using Edge.Control.V1;
using Google.Protobuf.Reflection;

namespace Edge.Control.Tests.Contracts;

public class ControlContractTests
{
    [Fact]
    public void Given_the_contracts_assembly_When_its_generated_files_are_found_by_reflection_Then_ControlContract_lists_them_all()
    {
        var generated = typeof(ControlContract).Assembly.GetTypes()
            .Where(t => t.Namespace == "Edge.Control.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!)
            .Select(f => f.Name);

        ControlContract.Files.Select(f => f.Name).Should().BeEquivalentTo(generated);
    }

    [Fact]
    public void Given_the_contract_When_its_services_are_listed_Then_the_control_plane_services_are_there()
    {
        ControlContract.Files.SelectMany(f => f.Services).Select(s => s.FullName).Should().BeEquivalentTo(
            "edge.control.v1.System", "edge.control.v1.Workspaces", "edge.control.v1.Ingest",
            "edge.control.v1.Quarantine", "edge.control.v1.Ledger", "edge.control.v1.Pull");
    }

    [Fact]
    public void Given_a_method_path_When_looked_up_Then_the_descriptor_round_trips_to_the_same_path()
    {
        var method = ControlContract.FindMethod("/edge.control.v1.Workspaces/CreateWorkspace");

        method.Should().NotBeNull();
        method!.InputType.ClrType.Should().Be(typeof(CreateWorkspaceRequest));
        ControlContract.PathOf(method).Should().Be("/edge.control.v1.Workspaces/CreateWorkspace");
    }

    [Fact]
    public void Given_the_contract_When_its_enums_are_listed_Then_each_has_an_UNSPECIFIED_zero()
    {
        var enums = ControlContract.Files.SelectMany(f => f.EnumTypes.Concat(f.MessageTypes.SelectMany(m => m.EnumTypes)));

        enums.Should().OnlyContain(e => e.Values.Single(v => v.Number == 0).Name.EndsWith("_UNSPECIFIED", StringComparison.Ordinal));
    }
}
