using Edge.Deid.Engine;
using Edge.Dicom;
using Edge.Dicom.Network;
using Edge.Ledger;
using Edge.Workspaces;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Storage;

namespace Edge.Daemon.Ingest;

/// <summary>
/// The one place where ingest failures become C-STORE statuses (PS3.4 Annex B.2.3), with an ErrorComment that names
/// the problem without patient data. Only our own exception types are mapped; anything else is a processing failure.
/// </summary>
internal static class IngestStatusMap
{
    public static DimseResult For(Exception ex) => ex switch
    {
        WorkspaceFullException full => Result(DicomStatus.OutOfResources,
            full.DiskReserve ? "out of resources: the disk is below its free-space reserve" : $"out of resources: workspace {full.Workspace} is over its quota"),
        WorkspacePurgedException => Result(DicomStatus.OutOfResources, "the workspace was purged; it takes no more instances"),
        IOException io when IsDiskFull(io) => Result(DicomStatus.OutOfResources, "out of resources: the disk is full"),
        DicomReadException read => Result(DicomStatus.CannotUnderstand, "cannot understand the data set: " + read.Problem),
        DeidException => Result(DicomStatus.ProcessingFailure, "the instance could not be fully de-identified; it is held for review"),
        LedgerException => Result(DicomStatus.ProcessingFailure, "the pairing ledger could not record the instance; send it again"),
        WorkspaceException => Result(DicomStatus.ProcessingFailure, "the workspace could not store the instance"),
        DicomException => Result(DicomStatus.CannotUnderstand, "cannot understand the data set"),
        _ => Result(DicomStatus.ProcessingFailure, "processing failure"),
    };

    public static DimseResult Result(DicomStatus status, string comment) =>
        new(status, comment.Length > 64 ? comment[..64] : comment);

    private static bool IsDiskFull(IOException io) => (io.HResult & 0xFFFF) == 28; // ENOSPC
}
