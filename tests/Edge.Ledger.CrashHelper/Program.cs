using System.Globalization;
using Edge.Ledger;
using Edge.Ledger.Mappings;

// Records instance mappings as fast as it can with many concurrent producers and prints "committed UID" for each
// one whose commit was awaited, until it is killed. Usage: STATE_DIR WORKSPACE
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Edge.Ledger.CrashHelper STATE_DIR WORKSPACE");
    return 2;
}
var location = LedgerLocation.FromStateDirectory(args[0]) with { CredentialsDirectory = null };
await using var store = LedgerStore.Open(location);
var workspace = args[1];
await store.GetOrCreateWorkspaceSecretAsync(workspace);
var output = Console.Out;
var outputLock = new Lock();
Console.WriteLine("ready");
var next = -1;
await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        var i = Interlocked.Increment(ref next);
        var n = i.ToString(CultureInfo.InvariantCulture);
        var patient = (i % 50).ToString(CultureInfo.InvariantCulture);
        var study = (i / 20).ToString(CultureInfo.InvariantCulture);
        var mapping = new InstanceMapping(workspace,
            new PatientMapping("CRASH-PID-" + patient, null, "Crash^Patient" + patient, "19700101", "PSEUDO-" + patient, -10),
            new StudyMapping(new UidPair("1.2.3." + study, "2.25.3." + study), null, null, null, null),
            new UidPair("1.2.4." + study, "2.25.4." + study),
            new UidPair("1.2.5." + n, "2.25.5." + n),
            []);
        await store.RecordInstanceAsync(mapping);
        lock (outputLock)
        {
            output.WriteLine("committed 1.2.5." + n);
            output.Flush();
        }
    }
})));
return 0;
