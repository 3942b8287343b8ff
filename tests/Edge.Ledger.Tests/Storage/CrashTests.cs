using System.Diagnostics;
using Edge.Ledger.Access;

namespace Edge.Ledger.Tests.Storage;

public sealed class CrashTests
{
    private const string Workspace = "crash";

    [Fact]
    public async Task Given_a_writer_killed_with_SIGKILL_in_the_middle_of_batches_When_the_ledger_is_reopened_Then_it_opens_and_holds_every_mapping_reported_committed()
    {
        await using var bed = new LedgerTestBed();
        await bed.InitialiseAsync(Workspace);
        bed.Close();
        var committed = new List<string>();

        using (var helper = StartHelper(bed.StateDirectory))
        {
            (await helper.StandardOutput.ReadLineAsync()).Should().Be("ready");
            // Kill while it is busy: well past the first few batches, without waiting for it to settle.
            while (committed.Count < 3000 && await helper.StandardOutput.ReadLineAsync() is { } line)
            {
                committed.Add(line["committed ".Length..]);
            }
            helper.HasExited.Should().BeFalse("the helper must die mid-work, not after finishing");
            helper.Kill();
            await helper.WaitForExitAsync();
            // Lines already printed before the kill are committed too.
            var rest = await helper.StandardOutput.ReadToEndAsync();
            committed.AddRange(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.StartsWith("committed ", StringComparison.Ordinal)).Select(l => l["committed ".Length..]));
        }

        committed.Should().HaveCountGreaterThanOrEqualTo(3000);
        using var reopened = bed.Reopen();
        var request = new AccessRequest("test", "crash recovery check");
        var missing = new List<string>();
        foreach (var uid in committed)
        {
            if (await reopened.TranslateUidAsync(Workspace, uid, UidDirection.ToPseudonymised, request) is null)
            {
                missing.Add(uid);
            }
        }
        missing.Should().BeEmpty();
        bed.Count("SELECT count(*) FROM instances").Should().BeGreaterThanOrEqualTo(committed.Count);
        reopened.VerifyAudit().Intact.Should().BeTrue();
    }

    private static Process StartHelper(string stateDirectory)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Edge.Ledger.CrashHelper.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", dll, stateDirectory, Workspace })
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment.Remove("CREDENTIALS_DIRECTORY");
        return Process.Start(psi) ?? throw new InvalidOperationException("Could not start the crash helper.");
    }
}
