using System.Buffers.Binary;
using Edge.Dicom.Data;

namespace Edge.Pixels.Tests;

/// <summary>Native images built in memory, written to a file and read back as Edge reads any input.</summary>
internal static class SyntheticImages
{
    public const string UltrasoundMultiframe = "1.2.840.10008.5.1.4.1.1.3.1";
    public const string CtImage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>A monochrome image whose frame <c>f</c> has value <paramref name="pixel"/>(f, x, y) at (x, y).</summary>
    public static DicomDataset Monochrome(int columns, int rows, int frames, int bitsAllocated, int bitsStored, bool signed,
        Func<int, int, int, int> pixel, string modality, string sopClass, string? burnedIn = null)
    {
        var ds = Header(columns, rows, frames, modality, sopClass, burnedIn);
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.SetUInt16(DicomTags.BitsAllocated, (ushort)bitsAllocated);
        ds.SetUInt16(DicomTags.BitsStored, (ushort)bitsStored);
        ds.SetUInt16(DicomTags.HighBit, (ushort)(bitsStored - 1));
        ds.SetUInt16(DicomTags.PixelRepresentation, (ushort)(signed ? 1 : 0));
        var bytes = bitsAllocated / 8;
        var data = new byte[columns * rows * frames * bytes + (columns * rows * frames * bytes & 1)];
        for (var f = 0; f < frames; f++)
        {
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    var i = ((f * rows + y) * columns + x) * bytes;
                    var v = pixel(f, x, y);
                    if (bytes == 1)
                    {
                        data[i] = (byte)v;
                    }
                    else
                    {
                        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i), (short)v);
                    }
                }
            }
        }
        ds.SetBytes(DicomTags.PixelData, bytes == 1 ? DicomVR.OB : DicomVR.OW, data);
        return ds;
    }

    /// <summary>Writes <paramref name="ds"/> as a Part 10 file and opens it again (pixel data then left in the file).</summary>
    public static DicomFile WriteAndOpen(DicomDataset ds, string path, TransferSyntax? syntax = null)
    {
        using (var created = DicomFile.Create(ds, syntax ?? TransferSyntax.ExplicitVRLittleEndian))
        {
            created.Save(path);
        }
        return DicomFile.Open(path);
    }

    private static DicomDataset Header(int columns, int rows, int frames, string modality, string sopClass, string? burnedIn)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, sopClass);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "2.25.1234567890123456789");
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, "2.25.1234567890123456790");
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, "2.25.1234567890123456791");
        ds.SetString(DicomTags.Modality, DicomVR.CS, modality);
        ds.SetString(DicomTags.PatientName, DicomVR.PN, "QUILLBY^ZANDER");
        ds.SetString(DicomTags.PatientID, DicomVR.LO, "PID0001234");
        if (burnedIn is not null)
        {
            ds.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, burnedIn);
        }
        ds.SetUInt16(DicomTags.Rows, (ushort)rows);
        ds.SetUInt16(DicomTags.Columns, (ushort)columns);
        if (frames > 1)
        {
            ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return ds;
    }
}
