using System.Runtime.InteropServices;
using Edge.Daemon.Ingest;
using Edge.Dicom.Network;
using Edge.Platform;

namespace Edge.Daemon.Tests.Ingest;

/// <summary>
/// A full disk must answer 0xA700 whichever layer hit it: the staging writer's own libc calls or .NET's file streams
/// (the spool). Any other I/O error is a processing failure, not "disk full".
/// </summary>
public sealed class IngestStatusMapTests
{
    private const int ENoSpc = 28, EIo = 5;

    [Fact]
    public void Given_a_staging_write_that_failed_with_ENOSPC_When_mapped_Then_out_of_resources_disk_full()
    {
        Marshal.SetLastPInvokeError(ENoSpc);
        var failure = LibcError.For("write", "/srv/edge/.staging/x.part");

        var result = IngestStatusMap.For(failure);

        result.Status.Code.Should().Be(0xA700);
        result.ErrorComment.Should().Be("out of resources: the disk is full");
    }

    [SkippableFact]
    public void Given_a_file_stream_on_a_full_device_When_its_failure_is_mapped_Then_out_of_resources_disk_full()
    {
        Skip.IfNot(File.Exists("/dev/full"), "no /dev/full here");
        IOException? failure = null;
        try
        {
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            full.Write(new byte[4096]);
        }
        catch (IOException ex)
        {
            failure = ex;
        }

        failure.Should().NotBeNull("/dev/full refuses every write with ENOSPC");
        IngestStatusMap.For(failure!).Status.Code.Should().Be(0xA700);
    }

    [Fact]
    public void Given_another_io_error_When_mapped_Then_a_processing_failure_that_does_not_claim_a_full_disk()
    {
        Marshal.SetLastPInvokeError(EIo);
        var failure = LibcError.For("fsync", "/srv/edge/.staging/x.part");

        var result = IngestStatusMap.For(failure);

        result.Status.Should().Be(DicomStatus.ProcessingFailure);
        result.ErrorComment.Should().NotContain("full");
    }
}
