using Edge.Dicom.Data;
using Edge.Dicom.Network;
using Edge.Network.Tests.Support;
using Edge.Testing;
using Xunit.Abstractions;

namespace Edge.Network.Tests.Scp;

public sealed class StoreScpTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestLoggerFactory _logs = new(output);
    private readonly TempDirectory _dir = new("edge-store-scp");

    public void Dispose() => _dir.Dispose();

    private (TestAcceptor Acceptor, SpoolStore Store) StorageScp(IEnumerable<string>? sopClasses = null)
    {
        var store = new SpoolStore(_dir.Path);
        var classes = sopClasses ?? CorpusFiles.Storable().Select(f => f.SopClassUid).Distinct();
        var policy = new PresentationContextPolicy()
            .Accept(DicomServiceUids.Verification, TransferSyntax.ImplicitVRLittleEndian)
            .Accept(classes, CorpusFiles.AllSyntaxes);
        return (new TestAcceptor(policy, store.CreateProvider), store);
    }

    /// <summary>storescu option and the stored syntaxes of the files it can send with it.</summary>
    public static TheoryData<string, string> Proposals() => new()
    {
        { "-xe", "1.2.840.10008.1.2.1 1.2.840.10008.1.2 1.2.840.10008.1.2.2" },
        { "-xi", "1.2.840.10008.1.2.1 1.2.840.10008.1.2" },
        { "-xb", "1.2.840.10008.1.2.1 1.2.840.10008.1.2 1.2.840.10008.1.2.2" },
        { "-xd", "1.2.840.10008.1.2.1.99" },
        { "-xs", "1.2.840.10008.1.2.4.70" },
        { "-xy", "1.2.840.10008.1.2.4.50" },
        { "-xv", "1.2.840.10008.1.2.4.90" },
        { "-xw", "1.2.840.10008.1.2.4.91" },
        { "-xt", "1.2.840.10008.1.2.4.80" },
        { "-xr", "1.2.840.10008.1.2.5" },
    };

    /// <summary>
    /// storescu re-encodes what it sends (explicit sequence lengths, recomputed group lengths), so the reference for
    /// "the bytes sent" is what DCMTK's own storescp keeps with +B from the very same storescu run.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Proposals))]
    public async Task Given_corpus_files_When_storescu_sends_them_on_one_association_Then_we_receive_the_bytes_dcmtk_storescp_receives(string proposal, string syntaxes)
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("storescu");
        var (acceptor, store) = StorageScp();
        await using var scp = await TestScp.StartAsync(acceptor, _logs);
        var files = CorpusFiles.Storable(maxSize: 600_000).Where(f => syntaxes.Split(' ').Contains(f.TransferSyntaxUid)).Select(f => f.Path).ToList();
        var reference = Directory.CreateDirectory(_dir.Combine("dcmtk")).FullName;
        using (var storescp = StoreScpProcess.Start(reference))
        {
            var toDcmtk = await Dcmtk.RunAsync("storescu", [proposal, "-R", "-aec", StoreScpProcess.AeTitle, "127.0.0.1", storescp.Port.ToString(), .. files]);
            toDcmtk.ExitCode.Should().Be(0, toDcmtk.Output);
        }

        var toUs = await Dcmtk.RunAsync("storescu", [proposal, "-R", "-aec", TestScp.AeTitle, "127.0.0.1", scp.Port.ToString(), .. files]);

        toUs.ExitCode.Should().Be(0, toUs.Output);
        files.Should().NotBeEmpty();
        var sentToDcmtk = Directory.EnumerateFiles(reference).Select(f => (Instance: InstanceFile.Open(f), DataSet: CorpusFiles.DatasetBytes(f))).ToList();
        store.Received.Select(r => r.SopInstanceUid).Should().BeEquivalentTo(sentToDcmtk.Select(s => s.Instance.SopInstanceUid));
        var compared = 0;
        foreach (var received in store.Received)
        {
            var same = sentToDcmtk.Where(s => s.Instance.SopInstanceUid == received.SopInstanceUid && s.Instance.TransferSyntax.Equals(received.TransferSyntax)).ToList();
            if (same.Count > 0)
            {
                var bytes = File.ReadAllBytes(received.Path);
                same.Should().Contain(s => s.DataSet.SequenceEqual(bytes), $"{received.SopInstanceUid} in {received.TransferSyntax.Name} must arrive as sent");
                compared++;
            }
        }
        output.WriteLine($"{store.Received.Count} received, {compared} compared byte for byte with DCMTK's reception");
        compared.Should().BeGreaterThan(store.Received.Count / 2);
        store.SpoolFiles.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Given_plain_files_When_storescu_sends_them_in_their_own_syntax_Then_the_received_bytes_are_the_files_data_sets()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("storescu");
        var (acceptor, store) = StorageScp();
        await using var scp = await TestScp.StartAsync(acceptor, _logs);
        // Files storescu passes on unchanged (no undefined lengths it would rewrite); one has an odd-length value, one is big endian.
        var files = new[]
            {
                "flywheel-deidentification__tcia_dicom_1-01.dcm", "fo-dicom__1403-OB.dcm", "highdicom__sr_document.dcm",
                "pydicom-data__emri_small.dcm", "pydicom__test_files_SC_rgb_small_odd.dcm", "pydicom__test_files_MR_small_bigendian.dcm",
            }
            .Select(n => Path.Combine(Corpus.RealDir, n)).ToList();

        var result = await Dcmtk.RunAsync("storescu", ["-xe", "-R", "-aec", TestScp.AeTitle, "127.0.0.1", scp.Port.ToString(), .. files]);

        result.ExitCode.Should().Be(0, result.Output);
        var bySop = store.Received.ToDictionary(r => r.SopInstanceUid);
        foreach (var file in files)
        {
            var instance = InstanceFile.Open(file);
            bySop[instance.SopInstanceUid].TransferSyntax.Should().Be(instance.TransferSyntax);
            File.ReadAllBytes(bySop[instance.SopInstanceUid].Path).Should().Equal(CorpusFiles.DatasetBytes(file), Path.GetFileName(file));
        }
    }

    [SkippableFact]
    public async Task Given_three_storescu_in_parallel_When_each_sends_its_files_Then_every_instance_arrives_once()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("storescu");
        var (acceptor, store) = StorageScp();
        await using var scp = await TestScp.StartAsync(acceptor, _logs);
        var files = CorpusFiles.Storable(maxSize: 2_000_000).Where(f => TransferSyntax.Lookup(f.TransferSyntaxUid).IsNative && !TransferSyntax.Lookup(f.TransferSyntaxUid).IsDeflated)
            .Select(f => f.Path).ToList();
        var shares = Enumerable.Range(0, 3).Select(i => files.Where((_, n) => n % 3 == i).ToList()).ToList();

        var results = await Task.WhenAll(shares.Select(share =>
            Dcmtk.RunAsync("storescu", ["-xe", "-R", "-aec", TestScp.AeTitle, "127.0.0.1", scp.Port.ToString(), .. share])));

        results.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.Output));
        store.Received.Select(r => r.SopInstanceUid).Should().BeEquivalentTo(files.Select(f => InstanceFile.Open(f).SopInstanceUid));
        store.Received.Select(r => r.CallingAeTitle).Should().AllBe("STORESCU");
        store.SpoolFiles.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Given_a_sop_class_we_do_not_accept_When_storescu_sends_it_Then_it_reports_no_presentation_context_for_it()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("storescu");
        var (acceptor, store) = StorageScp(sopClasses: ["1.2.840.10008.5.1.4.1.1.4"]);
        await using var scp = await TestScp.StartAsync(acceptor, _logs);
        var ct = Path.Combine(Corpus.RealDir, "highdicom__ct_image.dcm");
        var mr = Path.Combine(Corpus.RealDir, "pydicom__test_files_MR_small.dcm");

        var result = await Dcmtk.RunAsync("storescu", ["-R", "-nh", "-aec", TestScp.AeTitle, "127.0.0.1", scp.Port.ToString(), ct, mr]);

        result.Output.Should().Contain("No presentation context for: (CT) 1.2.840.10008.5.1.4.1.1.2");
        store.Received.Select(r => r.SopClassUid).Should().Equal("1.2.840.10008.5.1.4.1.1.4");
    }

    [SkippableFact]
    public async Task Given_a_provider_refusing_a_sop_class_When_storescu_sends_it_Then_it_gets_status_0122_and_nothing_is_kept()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("storescu");
        var (acceptor, store) = StorageScp();
        store.Refuse = r => r.SopClassUid == "1.2.840.10008.5.1.4.1.1.2" ? new DimseResult(DicomStatus.SopClassNotSupported, "Not for this gateway") : null;
        await using var scp = await TestScp.StartAsync(acceptor, _logs);
        var ct = Path.Combine(Corpus.RealDir, "highdicom__ct_image.dcm");

        var result = await Dcmtk.RunAsync("storescu", ["-v", "-R", "-aec", TestScp.AeTitle, "127.0.0.1", scp.Port.ToString(), ct]);

        result.Output.Should().Contain("Received Store Response (Refused: SOPClassNotSupported)");
        store.Received.Should().BeEmpty();
        store.SpoolFiles.Should().BeEmpty();
    }
}
