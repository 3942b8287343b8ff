using Edge.Dicom.Data;
using Edge.QueryRetrieve.Tests.Support;
using Edge.Testing;

namespace Edge.QueryRetrieve.Tests.Scp;

/// <summary>The interface outside checks use: <c>edged run --state-dir D --port N</c> answers findscu -S and getscu -S at STUDY level on called AE EDGE.</summary>
public sealed class EmbeddedDefaultTests
{
    [SkippableFact]
    public void Given_the_embedded_default_When_a_loopback_caller_finds_and_gets_studies_through_EDGE_Then_both_work()
    {
        Corpus.RequireCorpus();
        ExternalTool.Require("getscu");
        using var root = new TempDirectory("edge-qr-default");
        using var edged = EdgedProcess.Start(root.Combine("state"));
        var files = new[] { "highdicom__ct_image.dcm", "flywheel-deidentification__tcia_dicom_1-01.dcm", "flywheel-deidentification__tcia_dicom_1-02.dcm" };
        Dcmtk.Store(edged.Port, "EDGE", "MODALITY", files.Select(f => Path.Combine(Corpus.RealDir, f))).ExitCode.Should().Be(0);

        var studies = Dcmtk.Find(edged.Port, "EDGE", "FINDSCU", Model.StudyRoot, "STUDY", "StudyInstanceUID", "NumberOfStudyRelatedInstances");
        var mr = studies.Matches.Single(m => m.GetString(DicomTags.NumberOfStudyRelatedInstances) == "2");
        using var received = new TempDirectory("edge-getscu");
        var get = Dcmtk.Get(edged.Port, "EDGE", "GETSCU", Model.StudyRoot, received.Path,
            "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + mr.GetString(DicomTags.StudyInstanceUID));

        studies.Matches.Should().HaveCount(2);
        get.ExitCode.Should().Be(0, get.Output);
        Directory.EnumerateFiles(received.Path).Should().HaveCount(2);
    }
}
