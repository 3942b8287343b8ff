using Edge.Control.Access;
using Edge.Control.V1;

namespace Edge.Control.Tests.Access;

public class MethodAccessTests
{
    [Fact]
    public void Given_the_contract_When_its_methods_are_listed_Then_every_one_declares_its_access_rule()
    {
        ControlContract.Methods.Where(m => ControlContract.AccessOf(m) is null)
            .Select(ControlContract.PathOf)
            .Should().BeEmpty("a method without a rule would silently be admin only");
    }

    [Theory]
    [InlineData("/edge.control.v1.System/Health", ControlGrants.None, true)]
    [InlineData("/edge.control.v1.System/GetConfiguration", ControlGrants.DataManager, false)]
    [InlineData("/edge.control.v1.System/GetConfiguration", ControlGrants.Admin, true)]
    [InlineData("/edge.control.v1.Workspaces/CreateWorkspace", ControlGrants.DataManager, true)]
    [InlineData("/edge.control.v1.Workspaces/CreateWorkspace", ControlGrants.Auditor, false)]
    [InlineData("/edge.control.v1.Workspaces/PurgeWorkspace", ControlGrants.Admin, true)]
    [InlineData("/edge.control.v1.Ledger/QueryAudit", ControlGrants.Auditor, true)]
    [InlineData("/edge.control.v1.Ledger/VerifyAudit", ControlGrants.DataManager, false)]
    [InlineData("/edge.control.v1.Ledger/LookUpPseudonym", ControlGrants.DataManager, true)]
    [InlineData("/edge.control.v1.Ledger/ReidentifyPatient", ControlGrants.DataManager, false)]
    [InlineData("/edge.control.v1.Ledger/ReidentifyPatient", ControlGrants.Admin, false)]
    [InlineData("/edge.control.v1.Ledger/ReidentifyPatient", ControlGrants.Auditor | ControlGrants.Reidentify, false)]
    [InlineData("/edge.control.v1.Ledger/ReidentifyPatient", ControlGrants.DataManager | ControlGrants.Reidentify, true)]
    [InlineData("/edge.control.v1.Ledger/ExportCrosswalk", ControlGrants.DataManager, false)]
    [InlineData("/edge.control.v1.Ledger/RekeyLedger", ControlGrants.DataManager, false)]
    [InlineData("/edge.control.v1.Quarantine/PreviewQuarantinedItem", ControlGrants.DataManager, false)]
    [InlineData("/edge.control.v1.Pull/StartPull", ControlGrants.DataManager, true)]
    public void Given_a_method_and_a_callers_grants_When_checked_Then_the_contracts_rule_decides(string path, ControlGrants grants, bool allowed)
    {
        var method = ControlContract.FindMethod(path)!;

        MethodAccess.Of(method).Allows(grants).Should().Be(allowed);
    }
}
