using Edge.Deid.Pseudonyms;
using Edge.Ledger;
using Edge.Ledger.Access;

namespace Edge.Integration.Tests.Support;

/// <summary>
/// What the ledger of a stopped daemon holds for one workspace: its key (from the workspace secret) and its UID
/// crosswalk (original → pseudonymised), read through the ledger's own API as an administrator would.
/// </summary>
public sealed record LedgerView(WorkspaceKey Key, IReadOnlyDictionary<string, string> UidCrosswalk)
{
    public static async Task<LedgerView> ReadAsync(string stateDirectory, string workspace, string exportDirectory)
    {
        await using var ledger = LedgerStore.Open(stateDirectory);
        var secret = await ledger.GetOrCreateWorkspaceSecretAsync(workspace);
        var export = await ledger.ExportCrosswalkAsync(workspace, exportDirectory, new AccessRequest("integration-test", "verify ingest mappings"));
        var crosswalk = File.ReadLines(export.UidCrosswalkPath)
            .Skip(1)
            .Select(l => l.Split(','))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        return new LedgerView(new WorkspaceKey(workspace, secret), crosswalk);
    }

    /// <summary>Only the key (no export, nothing audited): enough to compute what edged wrote.</summary>
    public static async Task<WorkspaceKey> KeyAsync(string stateDirectory, string workspace)
    {
        await using var ledger = LedgerStore.Open(stateDirectory);
        return new WorkspaceKey(workspace, await ledger.GetOrCreateWorkspaceSecretAsync(workspace));
    }
}
