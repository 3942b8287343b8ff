using Edge.Control.Methods;
using Edge.Control.Wire;
using Edge.Daemon.Composition;
using Edge.Daemon.Ingest;
using Edge.Dicom;
using Edge.Dicom.Data;
using Edge.Pixels;
using Edge.Pixels.Frames;
using Edge.Pixels.Review;

namespace Edge.Daemon.Control;

/// <summary>
/// The pixel data of a quarantined instance, as received, for review: its frame size and count, the regions the pixel
/// stage proposes to mask, and a frame rendered as PNG. What cannot be read answers FAILED_PRECONDITION with a
/// structural reason (our exceptions never quote values or pixel text).
/// </summary>
internal sealed class QuarantineImage : IDisposable
{
    private readonly PixelFrames _frames;

    private QuarantineImage(DicomFile file, PixelFrames frames)
    {
        File = file;
        _frames = frames;
    }

    /// <summary>The data set as received; it owns the quarantined file's stream.</summary>
    public DicomFile File { get; }

    public int Columns => _frames.FrameInfo.Columns;

    public int Rows => _frames.FrameInfo.Rows;

    public int Frames => _frames.FrameCount;

    public static QuarantineImage Open(EdgeRuntime runtime, QuarantineEntry entry)
    {
        if (!TransferSyntax.TryLookupKnown(entry.TransferSyntaxUid, out var syntax))
        {
            throw Unreadable($"its transfer syntax {entry.TransferSyntaxUid} is not supported");
        }
        FileStream data;
        try
        {
            data = System.IO.File.OpenRead(runtime.Quarantine.DataPath(entry.Id));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw ControlErrors.NotFound($"The quarantined item {entry.Id} was deleted meanwhile.");
        }
        DicomFile file;
        try
        {
            file = DicomFile.ReadDataset(data, syntax, runtime.ReaderOptions, leaveOpen: false);
        }
        catch (DicomReadException ex)
        {
            throw Unreadable(ex.Problem);
        }
        try
        {
            return new QuarantineImage(file, PixelFrames.Open(file));
        }
        catch (DicomException ex)
        {
            file.Dispose();
            throw Unreadable("its pixel data cannot be decoded here: " + ex.Message);
        }
    }

    /// <summary>
    /// The rectangles the pixel stage would mask, as it plans them for the workspace's profile (the same input gives
    /// the same plan, so what a preview shows is what approval masks). Empty when it finds nothing to mask.
    /// </summary>
    public IReadOnlyList<PixelRect> Proposed(EdgeRuntime runtime, string profile)
    {
        try
        {
            return runtime.PixelCleaner.Propose(File, runtime.EngineFor(profile)).Rectangles;
        }
        catch (DicomException ex)
        {
            throw Unreadable("the pixel stage cannot inspect it: " + ex.Message);
        }
    }

    /// <summary>Frame <paramref name="frame"/> as a grey PNG, with <paramref name="masks"/> blacked out when given.</summary>
    public byte[] RenderPng(int frame, IReadOnlyList<PixelRect>? masks)
    {
        try
        {
            return PixelReview.RenderPreviewPng(File, frame, masks);
        }
        catch (DicomException ex)
        {
            throw Unreadable($"frame {frame} cannot be decoded: " + ex.Message);
        }
    }

    public void Dispose() => File.Dispose();

    private static ControlRpcException Unreadable(string problem) =>
        new(StatusCode.FailedPrecondition, "The quarantined data set cannot be reviewed: " + problem + ".");
}
