namespace Edge.QueryRetrieve.Tests.Support;

/// <summary>Stops a fixture's processes and directories so that one failing to stop never leaves the others running.</summary>
internal static class Teardown
{
    /// <summary>Disposes each in order, whatever the others did; then throws the first failure, if any.</summary>
    public static void All(params IDisposable?[] parts)
    {
        List<Exception> failures = [];
        foreach (var part in parts)
        {
            try
            {
                part?.Dispose();
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }
        if (failures.Count > 0)
        {
            throw new AggregateException("The fixture did not stop cleanly.", failures);
        }
    }
}
