using System.Diagnostics;
using System.Globalization;
using Edge.Ledger;
using Edge.Ledger.Mappings;

namespace Edge.Bench;

/// <summary>
/// Instance mappings per second through the real ledger path: SQLCipher file, WAL with synchronous=FULL, the batching
/// writer, and an awaited commit per instance from many concurrent producers (as the network acknowledges instances).
/// Arguments: [instances] [patients] [producers], default 100000 1000 64. Target: 20,000 mappings/s.
/// </summary>
public sealed class LedgerBenchmark : IBenchmark
{
    private const double Target = 20_000;

    // What the engine reports per instance for the audit event: a typical spread of actions.
    private static readonly Dictionary<string, int> ActionCounts = new(StringComparer.Ordinal)
    {
        ["remove"] = 41, ["replace-uid"] = 6, ["dummy"] = 9, ["clean"] = 3, ["shift-date"] = 7, ["keep"] = 112, ["zero"] = 4,
    };

    public string Name => "ledger-mappings";

    public string Description => "instance mappings/s into the encrypted ledger, commit awaited per instance (target 20,000/s)";

    public int Run(BenchContext context)
    {
        var instances = Argument(context, 0, 100_000);
        var patients = Argument(context, 1, 1_000);
        var producers = Argument(context, 2, 64);
        var times = new List<double>();
        for (var run = 0; run < context.Runs; run++)
        {
            var state = Path.Combine(context.WorkDir, "run-" + run.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(state))
            {
                Directory.Delete(state, recursive: true);
            }
            Directory.CreateDirectory(state);
            var location = LedgerLocation.FromStateDirectory(state) with { CredentialsDirectory = null };
            using (var store = LedgerStore.Initialise(location))
            {
                store.GetOrCreateWorkspaceSecretAsync("bench").GetAwaiter().GetResult();
                var seconds = Ingest(store, instances, patients, producers);
                times.Add(seconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run + 1}: {instances} mappings in {seconds:F3} s = {instances / seconds:F0}/s"));
            }
            Directory.Delete(state, recursive: true);
        }
        times.Sort();
        var median = times[times.Count / 2];
        var rate = instances / median;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ledger-mappings: {rate:F0} mappings/s (median of {times.Count}, {instances} instances, {patients} patients, {producers} producers) | target {Target:F0}/s | {(rate >= Target ? "PASS" : "BELOW TARGET")}"));
        return rate >= Target ? 0 : 1;
    }

    private static double Ingest(LedgerStore store, int instances, int patients, int producers)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < instances)
            {
                await store.RecordInstanceAsync(Mapping(i, patients)).ConfigureAwait(false);
            }
        }))).GetAwaiter().GetResult();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Instance <paramref name="i"/>: patients take turns, each study has 4 series of 25 instances.</summary>
    private static InstanceMapping Mapping(int i, int patients)
    {
        var patient = (i % patients).ToString(CultureInfo.InvariantCulture);
        var perPatient = i / patients;
        var study = patient + "." + (perPatient / 100).ToString(CultureInfo.InvariantCulture);
        var series = study + "." + (perPatient / 25).ToString(CultureInfo.InvariantCulture);
        var sop = i.ToString(CultureInfo.InvariantCulture);
        return new InstanceMapping("bench",
            new PatientMapping("PID" + patient, "ISSUER", "Bench^Patient" + patient, "19700101", "EDGE" + patient, -17),
            new StudyMapping(new UidPair("1.2.3.1." + study, "2.25.1." + study), "A" + study, "PA" + study, "20240101", "20231215"),
            new UidPair("1.2.3.2." + series, "2.25.2." + series),
            new UidPair("1.2.3.3." + sop, "2.25.3." + sop),
            [new UidPair("1.2.3.4." + patient, "2.25.4." + patient)])
        {
            ActionCounts = ActionCounts,
        };
    }

    private static int Argument(BenchContext context, int index, int fallback) =>
        context.Arguments.Count > index ? int.Parse(context.Arguments[index], CultureInfo.InvariantCulture) : fallback;
}
