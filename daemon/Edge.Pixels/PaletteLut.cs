using System.Buffers.Binary;
using Edge.Dicom.Data;

namespace Edge.Pixels;

/// <summary>
/// The three Palette Color Lookup Tables (PS3.3 C.7.6.3.1.5-6): entries indexed by stored value minus the first mapped
/// value, each 8 or 16 bits wide. Values below the first entry map to it, values past the last to the last.
/// </summary>
public sealed class PaletteLut
{
    private PaletteLut(ushort[] red, ushort[] green, ushort[] blue, int firstMapped, int bitsPerEntry)
    {
        Red = red;
        Green = green;
        Blue = blue;
        FirstMapped = firstMapped;
        BitsPerEntry = bitsPerEntry;
    }

    public IReadOnlyList<ushort> Red { get; }
    public IReadOnlyList<ushort> Green { get; }
    public IReadOnlyList<ushort> Blue { get; }

    /// <summary>The stored pixel value that maps to the first entry.</summary>
    public int FirstMapped { get; }

    /// <summary>8 or 16.</summary>
    public int BitsPerEntry { get; }

    public int Count => Red.Count;

    /// <summary>The colour of a stored value, scaled to 8 bits per channel.</summary>
    public (byte R, byte G, byte B) Lookup8(int storedValue)
    {
        var i = Math.Clamp(storedValue - FirstMapped, 0, Count - 1);
        var shift = BitsPerEntry - 8;
        return ((byte)(Red[i] >> shift), (byte)(Green[i] >> shift), (byte)(Blue[i] >> shift));
    }

    /// <summary>Reads the three tables; null when none is present.</summary>
    internal static PaletteLut? FromDataset(DicomDataset ds, bool signed)
    {
        if (!ds.Contains(DicomTags.RedPaletteColorLookupTableDescriptor) && !ds.Contains(DicomTags.RedPaletteColorLookupTableData))
        {
            if (ds.Contains(DicomTags.SegmentedRedPaletteColorLookupTableData))
            {
                throw new UnsupportedPixelDataException("Segmented palette colour lookup tables are not supported");
            }
            return null;
        }
        var red = Channel(ds, DicomTags.RedPaletteColorLookupTableDescriptor, DicomTags.RedPaletteColorLookupTableData, "Red", signed);
        var green = Channel(ds, DicomTags.GreenPaletteColorLookupTableDescriptor, DicomTags.GreenPaletteColorLookupTableData, "Green", signed);
        var blue = Channel(ds, DicomTags.BluePaletteColorLookupTableDescriptor, DicomTags.BluePaletteColorLookupTableData, "Blue", signed);
        if (red.Entries.Length != green.Entries.Length || red.Entries.Length != blue.Entries.Length
            || red.First != green.First || red.First != blue.First || red.Bits != green.Bits || red.Bits != blue.Bits)
        {
            throw new InvalidPixelDataException("RedPaletteColorLookupTableDescriptor", "the red, green and blue descriptors differ");
        }
        return new PaletteLut(red.Entries, green.Entries, blue.Entries, red.First, red.Bits);
    }

    private static (ushort[] Entries, int First, int Bits) Channel(DicomDataset ds, DicomTag descriptorTag, DicomTag dataTag, string colour, bool signed)
    {
        var descriptorName = colour + "PaletteColorLookupTableDescriptor";
        var dataName = colour + "PaletteColorLookupTableData";
        var count = AttributeReader.UInt16(ds, descriptorTag, descriptorName, 0)
            ?? throw new InvalidPixelDataException(descriptorName, "is missing");
        var firstRaw = AttributeReader.UInt16(ds, descriptorTag, descriptorName, 1)
            ?? throw new InvalidPixelDataException(descriptorName, "has no first mapped value");
        var bits = AttributeReader.UInt16(ds, descriptorTag, descriptorName, 2)
            ?? throw new InvalidPixelDataException(descriptorName, "has no bits per entry");
        // PS3.3 C.7.6.3.1.5: 0 entries means 65536; the first mapped value follows the pixel representation.
        var entries = count == 0 ? 65536 : count;
        int first = signed ? (short)firstRaw : firstRaw;
        if (bits is not (8 or 16))
        {
            throw new InvalidPixelDataException(descriptorName, $"bits per entry is {bits}, expected 8 or 16");
        }
        var data = AttributeReader.Small(ds, dataTag, dataName) ?? throw new InvalidPixelDataException(dataName, "is missing");
        var span = data.Span;
        var table = new ushort[entries];
        if (bits == 16 || span.Length >= entries * 2)
        {
            // 16-bit entries, or 8-bit entries each written in a 16-bit word as many writers do.
            if (span.Length < entries * 2)
            {
                throw new InvalidPixelDataException(dataName, $"holds {span.Length} bytes for {entries} entries of 16 bits");
            }
            for (var i = 0; i < entries; i++)
            {
                table[i] = BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 2)..]);
            }
            if (bits == 8)
            {
                var wide = table.Any(v => v > 0xFF);
                for (var i = 0; i < entries; i++)
                {
                    table[i] = wide ? (ushort)(table[i] >> 8) : (ushort)(table[i] & 0xFF);
                }
            }
        }
        else
        {
            if (span.Length < entries)
            {
                throw new InvalidPixelDataException(dataName, $"holds {span.Length} bytes for {entries} entries of 8 bits");
            }
            for (var i = 0; i < entries; i++)
            {
                table[i] = span[i];
            }
        }
        return (table, first, bits);
    }
}
