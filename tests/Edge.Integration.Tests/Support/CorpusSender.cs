namespace Edge.Integration.Tests.Support;

/// <summary>
/// Sends files with storescu on as few associations as DCMTK allows: native files in one run, proposing the native
/// syntax asked for first (DCMTK converts them); compressed files one run per syntax, proposing it so they travel
/// unchanged. -R proposes only the SOP classes present, so more than 128 contexts are never needed.
/// </summary>
public static class CorpusSender
{
    public static async Task<IReadOnlyList<StoreOutcome>> SendAsync(int port, string calledAe, IReadOnlyList<SendableFile> files,
        string nativeOption = "-xe", string callingAe = "STORESCU")
    {
        var outcomes = new List<StoreOutcome>();
        var native = files.Where(f => CorpusCatalog.IsNative(f.Syntax)).Select(f => f.Path).ToList();
        if (native.Count > 0)
        {
            outcomes.AddRange((await StoreScu.RunAsync(port, calledAe, ["-R", nativeOption], native, callingAe)).Outcomes);
        }
        foreach (var group in files.Where(f => !CorpusCatalog.IsNative(f.Syntax)).GroupBy(f => CorpusCatalog.ProposalOption(f.Syntax)))
        {
            outcomes.AddRange((await StoreScu.RunAsync(port, calledAe, ["-R", group.Key], group.Select(f => f.Path), callingAe)).Outcomes);
        }
        return outcomes;
    }
}
