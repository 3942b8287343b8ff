using Edge.Control.Access;

namespace Edge.Control.Tests.Access;

public class ControlAccessPolicyTests
{
    private static readonly IReadOnlyList<uint> NoGroups = [];

    [Fact]
    public void Given_names_and_numbers_When_resolved_Then_each_maps_to_its_id_with_its_grants()
    {
        var policy = ControlAccessPolicy.Resolve(new ControlAccessOptions
        {
            Users = new Dictionary<string, IReadOnlyList<string>> { ["root"] = ["admin"], ["1234"] = ["auditor"] },
            Groups = new Dictionary<string, IReadOnlyList<string>> { ["root"] = ["reidentify"] },
        });

        policy.GrantsOf(new PeerCredentials(1, 0, 0, NoGroups)).Should().Be(ControlGrants.Admin | ControlGrants.Reidentify);
        policy.GrantsOf(new PeerCredentials(1, 1234, 1234, NoGroups)).Should().Be(ControlGrants.Auditor);
    }

    [Fact]
    public void Given_grants_on_a_supplementary_group_When_a_member_calls_Then_it_holds_them_with_its_user_grants()
    {
        var policy = new ControlAccessPolicy(
            new Dictionary<uint, ControlGrants> { [1000] = ControlGrants.DataManager },
            new Dictionary<uint, ControlGrants> { [4242] = ControlGrants.Reidentify });

        policy.GrantsOf(new PeerCredentials(1, 1000, 1000, [27, 4242])).Should().Be(ControlGrants.DataManager | ControlGrants.Reidentify);
    }

    [Fact]
    public void Given_an_unmapped_caller_When_its_grants_are_asked_Then_none_not_even_for_root()
    {
        var policy = new ControlAccessPolicy(new Dictionary<uint, ControlGrants>(), new Dictionary<uint, ControlGrants>());

        policy.GrantsOf(new PeerCredentials(1, 0, 0, NoGroups)).Should().Be(ControlGrants.None);
    }

    [Fact]
    public void Given_an_unknown_user_name_When_resolved_Then_a_ControlException_names_it()
    {
        var resolve = () => ControlAccessPolicy.Resolve(new ControlAccessOptions
        {
            Users = new Dictionary<string, IReadOnlyList<string>> { ["edge-no-such-user"] = ["admin"] },
        });

        resolve.Should().Throw<ControlException>().WithMessage("*no user named 'edge-no-such-user'*");
    }

    [Fact]
    public void Given_an_unknown_group_name_When_resolved_Then_a_ControlException_names_it()
    {
        var resolve = () => ControlAccessPolicy.Resolve(new ControlAccessOptions
        {
            Groups = new Dictionary<string, IReadOnlyList<string>> { ["edge-no-such-group"] = ["auditor"] },
        });

        resolve.Should().Throw<ControlException>().WithMessage("*no group named 'edge-no-such-group'*");
    }

    [Fact]
    public void Given_a_misspelt_grant_When_resolved_Then_a_ControlException_lists_the_valid_ones()
    {
        var resolve = () => ControlAccessPolicy.Resolve(new ControlAccessOptions
        {
            Users = new Dictionary<string, IReadOnlyList<string>> { ["0"] = ["admn"] },
        });

        resolve.Should().Throw<ControlException>()
            .WithMessage("*unknown grant 'admn'*admin, auditor, data-manager, reidentify*");
    }
}
