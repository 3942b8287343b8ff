using System.Globalization;
using Edge.Dicom.Data;
using Edge.Workspaces.Storage;

namespace Edge.QueryRetrieve.Tests.Support;

/// <summary>Small synthetic CT and MR instances with chosen identifying attributes, for the index and for edged.</summary>
internal static class Instances
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";

    /// <summary>The attributes an instance is made of; the same values give the same instance.</summary>
    public sealed record Spec(string StudyUid, string SeriesUid, string SopUid)
    {
        public string PatientId { get; init; } = "PAT-1";
        public string PatientName { get; init; } = "DOE^JOHN";
        public string StudyDate { get; init; } = "20200115";
        public string StudyTime { get; init; } = "101500";
        public string SeriesDate { get; init; } = "20200115";
        public string Accession { get; init; } = "ACC-1";
        public string Modality { get; init; } = "CT";
        public int SeriesNumber { get; init; } = 1;
        public int InstanceNumber { get; init; } = 1;
        public string BodyPart { get; init; } = "CHEST";
        public string ImageType { get; init; } = @"ORIGINAL\PRIMARY\AXIAL";

        /// <summary>Code values of the Procedure Code Sequence items (none: no sequence).</summary>
        public IReadOnlyList<string> ProcedureCodes { get; init; } = [];
    }

    public static DicomDataset Dataset(Spec s)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        ds.SetString(DicomTags.ImageType, DicomVR.CS, s.ImageType);
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, s.Modality == "MR" ? MrImageStorage : CtImageStorage);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, s.SopUid);
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, s.StudyDate);
        ds.SetString(DicomTags.SeriesDate, DicomVR.DA, s.SeriesDate);
        ds.SetString(DicomTags.StudyTime, DicomVR.TM, s.StudyTime);
        ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, s.Accession);
        ds.SetString(DicomTags.Modality, DicomVR.CS, s.Modality);
        ds.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "SMITH^ANNA");
        ds.SetString(DicomTags.StudyDescription, DicomVR.LO, "STUDY " + s.Accession);
        if (s.ProcedureCodes.Count > 0)
        {
            var codes = new DicomSequence(DicomTags.ProcedureCodeSequence);
            ds.Set(codes);
            foreach (var code in s.ProcedureCodes)
            {
                var item = new DicomDataset();
                codes.AddItem(item);
                item.SetString(DicomTags.CodeValue, DicomVR.SH, code);
                item.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, "LOCAL");
                item.SetString(DicomTags.CodeMeaning, DicomVR.LO, "Procedure " + code);
            }
        }
        ds.SetString(DicomTags.SeriesDescription, DicomVR.LO, "SERIES " + s.SeriesNumber.ToString(CultureInfo.InvariantCulture));
        ds.SetString(DicomTags.PatientName, DicomVR.PN, s.PatientName);
        ds.SetString(DicomTags.PatientID, DicomVR.LO, s.PatientId);
        ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19700101");
        ds.SetString(DicomTags.PatientSex, DicomVR.CS, "M");
        ds.SetString(DicomTags.BodyPartExamined, DicomVR.CS, s.BodyPart);
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, s.StudyUid);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, s.SeriesUid);
        ds.SetString(DicomTags.StudyID, DicomVR.SH, "S1");
        ds.SetString(DicomTags.SeriesNumber, DicomVR.IS, s.SeriesNumber.ToString(CultureInfo.InvariantCulture));
        ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, s.InstanceNumber.ToString(CultureInfo.InvariantCulture));
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.SetUInt16(DicomTags.Rows, 4);
        ds.SetUInt16(DicomTags.Columns, 4);
        ds.SetUInt16(DicomTags.BitsAllocated, 8);
        ds.SetUInt16(DicomTags.BitsStored, 8);
        ds.SetUInt16(DicomTags.HighBit, 7);
        ds.SetUInt16(DicomTags.PixelRepresentation, 0);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, Enumerable.Range(0, 16).Select(i => (byte)i).ToArray());
        return ds;
    }

    /// <summary>Stages, writes and commits an instance the way the ingest path does.</summary>
    public static async Task StoreAsync(WorkspaceStore store, Spec spec)
    {
        var dataset = Dataset(spec);
        using var staged = await store.StageAsync();
        using (var file = DicomFile.Create(dataset, TransferSyntax.ExplicitVRLittleEndian))
        {
            file.Write(staged.Stream);
        }
        await store.CommitAsync(staged, dataset, TransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>Writes Part 10 files (for storescu) and returns their paths.</summary>
    public static IReadOnlyList<string> WriteFiles(string directory, IEnumerable<Spec> specs)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var spec in specs)
        {
            var path = Path.Combine(directory, spec.SopUid + ".dcm");
            using var file = DicomFile.Create(Dataset(spec), TransferSyntax.ExplicitVRLittleEndian);
            file.Save(path);
            paths.Add(path);
        }
        return paths;
    }
}
