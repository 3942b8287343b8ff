using Edge.Dicom.Data;

namespace Edge.Pixels.Frames;

/// <summary>Chooses the frame source for a dataset's Pixel Data: native slices or encapsulated fragments.</summary>
public static class FrameSource
{
    /// <exception cref="InvalidPixelDataException">No Pixel Data, or its encoding contradicts the transfer syntax.</exception>
    public static IFrameSource Open(DicomDataset dataset, TransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        var info = PixelDataInfo.FromDataset(dataset);
        return dataset.Get(DicomTags.PixelData) switch
        {
            null => throw new InvalidPixelDataException("PixelData", "is missing"),
            DicomValueElement native when !syntax.IsEncapsulated => new NativeFrameSource(native, info, syntax),
            DicomFragmentSequence fragments when syntax.IsEncapsulated => new EncapsulatedFrameSource(fragments, info, syntax,
                AttributeReader.Small(dataset, DicomTags.ExtendedOffsetTable, "ExtendedOffsetTable"),
                AttributeReader.Small(dataset, DicomTags.ExtendedOffsetTableLengths, "ExtendedOffsetTableLengths")),
            DicomFragmentSequence => throw new InvalidPixelDataException("PixelData", $"is encapsulated but the transfer syntax {syntax.Name} is native"),
            _ => throw new InvalidPixelDataException("PixelData", $"is not encapsulated but the transfer syntax {syntax.Name} requires it"),
        };
    }

    public static IFrameSource Open(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Open(file.Dataset, file.TransferSyntax);
    }
}
