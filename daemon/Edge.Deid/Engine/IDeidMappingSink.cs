namespace Edge.Deid.Engine;

/// <summary>
/// Where the mappings of each de-identified instance go (the ledger implements it). The returned task completes when
/// the mappings are durable: callers acknowledge or publish the instance only after that.
/// </summary>
public interface IDeidMappingSink
{
    Task RecordAsync(string workspace, InstanceMappings mappings, IReadOnlyDictionary<string, int> actionCounts, CancellationToken cancellationToken);
}
