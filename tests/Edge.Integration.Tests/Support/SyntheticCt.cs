using System.Globalization;
using System.Numerics;
using Edge.Dicom.Data;

namespace Edge.Integration.Tests.Support;

/// <summary>A synthetic instance on disk with its original UIDs.</summary>
public sealed record SyntheticInstance(string Path, string StudyUid, string SeriesUid, string SopInstanceUid);

/// <summary>
/// Small CT instances written with our own DicomFile API, for tests that must not depend on the shared corpus: a
/// plausible header with PHI (name, ID, birth date, accession) and native pixels.
/// </summary>
public static class SyntheticCt
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>A fresh UID under 2.25 (a UUID as a decimal).</summary>
    public static string NewUid() => "2.25." + new BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true).ToString(CultureInfo.InvariantCulture);

    public static DicomDataset Dataset(string studyUid, string seriesUid, string sopInstanceUid, int instanceNumber, int size = 64,
        string patientName = "DOE^JANE", string patientId = "PID-0042")
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        ds.SetStrings(DicomTags.ImageType, DicomVR.CS, ["ORIGINAL", "PRIMARY", "AXIAL"]);
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, CtImageStorage);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, sopInstanceUid);
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20240115");
        ds.SetString(DicomTags.StudyTime, DicomVR.TM, "101500");
        ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC" + patientId);
        ds.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        ds.SetString(DicomTags.InstitutionName, DicomVR.LO, "GENERAL HOSPITAL OF TESTING");
        ds.SetString(DicomTags.PatientName, DicomVR.PN, patientName);
        ds.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
        ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19700101");
        ds.SetString(DicomTags.PatientSex, DicomVR.CS, "F");
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, seriesUid);
        ds.SetString(DicomTags.StudyID, DicomVR.SH, "S1");
        ds.SetString(DicomTags.SeriesNumber, DicomVR.IS, "1");
        ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, instanceNumber.ToString(CultureInfo.InvariantCulture));
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.SetUInt16(DicomTags.Rows, (ushort)size);
        ds.SetUInt16(DicomTags.Columns, (ushort)size);
        ds.SetUInt16(DicomTags.BitsAllocated, 16);
        ds.SetUInt16(DicomTags.BitsStored, 12);
        ds.SetUInt16(DicomTags.HighBit, 11);
        ds.SetUInt16(DicomTags.PixelRepresentation, 0);
        var pixels = new byte[size * size * 2];
        new Random(instanceNumber).NextBytes(pixels);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        return ds;
    }

    /// <summary>Writes <paramref name="dataset"/> as a Part 10 file in explicit VR little endian.</summary>
    public static string Save(DicomDataset dataset, string path)
    {
        using var file = DicomFile.Create(dataset, TransferSyntax.ExplicitVRLittleEndian);
        file.Save(path);
        return path;
    }

    /// <summary>One study of <paramref name="count"/> instances in one series, written to <paramref name="directory"/>.</summary>
    public static IReadOnlyList<SyntheticInstance> Study(string directory, int count, int size = 64)
    {
        Directory.CreateDirectory(directory);
        var study = NewUid();
        var series = NewUid();
        return Enumerable.Range(1, count).Select(i =>
        {
            var sop = NewUid();
            var path = Save(Dataset(study, series, sop, i, size), Path.Combine(directory, $"ct{i:D5}.dcm"));
            return new SyntheticInstance(path, study, series, sop);
        }).ToList();
    }
}
