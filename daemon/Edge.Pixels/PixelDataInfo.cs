using Edge.Dicom.Data;

namespace Edge.Pixels;

/// <summary>
/// How the pixel data of an image is laid out (Image Pixel module, PS3.3 C.7.6.3): dimensions, sample depth,
/// colour interpretation and frame count. For encapsulated data it describes the decoded frames.
/// </summary>
public sealed record PixelDataInfo
{
    public required int Rows { get; init; }
    public required int Columns { get; init; }
    public required int SamplesPerPixel { get; init; }
    public required int BitsAllocated { get; init; }
    public required int BitsStored { get; init; }
    public required int HighBit { get; init; }

    /// <summary>Pixel Representation 1: stored values are two's complement.</summary>
    public required bool IsSigned { get; init; }

    public required Photometric Photometric { get; init; }

    /// <summary>0: samples of a pixel are adjacent (R1G1B1R2…); 1: one plane per sample (R1R2…G1G2…B1B2…).</summary>
    public int PlanarConfiguration { get; init; }

    public int NumberOfFrames { get; init; } = 1;

    /// <summary>The palette of a PALETTE COLOR image; null otherwise.</summary>
    public PaletteLut? Palette { get; init; }

    /// <summary>Bytes per sample in a native frame (0 for 1-bit data, whose samples are packed).</summary>
    public int BytesPerSample => BitsAllocated / 8;

    public long PixelCount => (long)Rows * Columns;

    /// <summary>Bits of one native frame: YBR_*_422 stores two samples per pixel, 1-bit data is packed.</summary>
    public long FrameBits => PixelCount * (Photometric.IsSubsampled() ? 2 : SamplesPerPixel) * BitsAllocated;

    /// <summary>Bytes of one native frame (1-bit frames rounded up to a whole byte).</summary>
    public int FrameLength => checked((int)((FrameBits + 7) / 8));

    /// <summary>Reads and validates the Image Pixel attributes of a dataset.</summary>
    /// <exception cref="InvalidPixelDataException">An attribute is missing, out of range or inconsistent.</exception>
    /// <exception cref="UnsupportedPixelDataException">Valid but not handled here (for example 4 samples per pixel).</exception>
    public static PixelDataInfo FromDataset(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var rows = Required(dataset, DicomTags.Rows, "Rows");
        var columns = Required(dataset, DicomTags.Columns, "Columns");
        var samples = Required(dataset, DicomTags.SamplesPerPixel, "SamplesPerPixel");
        var allocated = Required(dataset, DicomTags.BitsAllocated, "BitsAllocated");
        var stored = AttributeReader.UInt16(dataset, DicomTags.BitsStored, "BitsStored") ?? allocated;
        var highBit = AttributeReader.UInt16(dataset, DicomTags.HighBit, "HighBit") ?? stored - 1;
        var representation = AttributeReader.UInt16(dataset, DicomTags.PixelRepresentation, "PixelRepresentation") ?? 0;
        if (representation > 1)
        {
            throw new InvalidPixelDataException("PixelRepresentation", $"is {representation}, expected 0 or 1");
        }
        var photometricText = AttributeReader.CodeString(dataset, DicomTags.PhotometricInterpretation, "PhotometricInterpretation");
        if (string.IsNullOrEmpty(photometricText))
        {
            throw new InvalidPixelDataException("PhotometricInterpretation", "is missing");
        }
        if (!PhotometricNames.TryParse(photometricText, out var photometric))
        {
            throw new UnsupportedPixelDataException($"Photometric interpretation '{photometricText}' is not supported");
        }
        var frames = AttributeReader.Decimals(dataset, DicomTags.NumberOfFrames, "NumberOfFrames");
        if (frames.Length > 0 && (frames[0] < 1 || frames[0] > int.MaxValue || frames[0] != Math.Floor(frames[0])))
        {
            throw new InvalidPixelDataException("NumberOfFrames", $"is {frames[0]}, expected a positive integer");
        }
        var info = new PixelDataInfo
        {
            Rows = rows,
            Columns = columns,
            SamplesPerPixel = samples,
            BitsAllocated = allocated,
            BitsStored = stored,
            HighBit = highBit,
            IsSigned = representation == 1,
            Photometric = photometric,
            PlanarConfiguration = samples > 1 ? AttributeReader.UInt16(dataset, DicomTags.PlanarConfiguration, "PlanarConfiguration") ?? 0 : 0,
            NumberOfFrames = frames.Length > 0 ? (int)frames[0] : 1,
            Palette = photometric == Photometric.PaletteColor ? PaletteLut.FromDataset(dataset, representation == 1) : null,
        };
        info.Validate();
        return info;
    }

    /// <summary>Checks the attributes against each other.</summary>
    /// <exception cref="InvalidPixelDataException">Naming the first attribute found at fault.</exception>
    public void Validate()
    {
        Check(Rows > 0 && Rows <= ushort.MaxValue, "Rows", $"is {Rows}, expected 1 to 65535");
        Check(Columns > 0 && Columns <= ushort.MaxValue, "Columns", $"is {Columns}, expected 1 to 65535");
        if (BitsAllocated is not (1 or 8 or 16 or 32))
        {
            throw BitsAllocated is > 0 and <= 64
                ? new UnsupportedPixelDataException($"Bits Allocated {BitsAllocated} is not supported (1, 8, 16 or 32)")
                : new InvalidPixelDataException("BitsAllocated", $"is {BitsAllocated}");
        }
        Check(BitsStored >= 1 && BitsStored <= BitsAllocated, "BitsStored", $"is {BitsStored} with Bits Allocated {BitsAllocated}");
        Check(HighBit >= BitsStored - 1 && HighBit < BitsAllocated, "HighBit", $"is {HighBit} with Bits Stored {BitsStored} and Bits Allocated {BitsAllocated}");
        if (SamplesPerPixel is not (1 or 3))
        {
            throw SamplesPerPixel is 2 or 4
                ? new UnsupportedPixelDataException($"Samples per Pixel {SamplesPerPixel} (retired ARGB/CMYK/HSV) is not supported")
                : new InvalidPixelDataException("SamplesPerPixel", $"is {SamplesPerPixel}, expected 1 or 3");
        }
        var expectedSamples = Photometric.IsColor() ? 3 : 1;
        Check(SamplesPerPixel == expectedSamples, "SamplesPerPixel", $"is {SamplesPerPixel} but {Photometric.ToDicom()} has {expectedSamples}");
        Check(BitsAllocated != 1 || Photometric.IsMonochrome(), "BitsAllocated", $"1 bit per sample is only defined for monochrome images, not {Photometric.ToDicom()}");
        Check(PlanarConfiguration is 0 or 1, "PlanarConfiguration", $"is {PlanarConfiguration}, expected 0 or 1");
        Check(NumberOfFrames >= 1, "NumberOfFrames", $"is {NumberOfFrames}");
        if (Photometric == Photometric.PaletteColor)
        {
            Check(Palette is not null, "RedPaletteColorLookupTableDescriptor", "is missing for a PALETTE COLOR image");
            Check(BitsAllocated is 8 or 16, "BitsAllocated", $"is {BitsAllocated}; palette images have 8 or 16");
        }
        Check(FrameBits / 8 <= Array.MaxLength, "Rows", $"a frame of {Rows}x{Columns}x{SamplesPerPixel} at {BitsAllocated} bits is too large");
    }

    private static void Check(bool condition, string attribute, string problem)
    {
        if (!condition)
        {
            throw new InvalidPixelDataException(attribute, problem);
        }
    }

    private static int Required(DicomDataset ds, DicomTag tag, string keyword) =>
        AttributeReader.UInt16(ds, tag, keyword) ?? throw new InvalidPixelDataException(keyword, "is missing");
}
