using Edge.Dicom.Data;
using Edge.Testing;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Storage;

namespace Edge.Workspaces.Tests;

/// <summary>A temporary state directory, workspaces opened in it, and small real DICOM instances to store.</summary>
public sealed class WorkspaceTestBed : IDisposable
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";

    private readonly TempDirectory _state = new("edge-workspaces");
    private readonly List<WorkspaceStore> _stores = [];

    public string StateDirectory => _state.Path;

    public WorkspaceOptions Options(long freeSpaceReserve = 0) =>
        new() { StateDirectory = _state.Path, FreeSpaceReserveBytes = freeSpaceReserve };

    public string DataRoot => _state.Combine("workspaces");

    public static WorkspaceDefinition Definition(string name = "project-a", string aeTitle = "EDGE_A", long? quota = null) => new()
    {
        Name = name,
        AeTitle = aeTitle,
        AllowedCallers = [new AllowedCaller("PACS", "127.0.0.1")],
        QuotaBytes = quota,
    };

    public async Task<WorkspaceStore> OpenAsync(WorkspaceDefinition? definition = null, WorkspaceOptions? options = null)
    {
        var store = await WorkspaceStore.OpenAsync(definition ?? Definition(), options ?? Options());
        _stores.Add(store);
        return store;
    }

    /// <summary>A small CT-like dataset; the same arguments give the same instance.</summary>
    public static DicomDataset Dataset(string studyUid, string seriesUid, string sopUid, string patientId = "PSEUDO-1",
        string patientName = "DOE^JOHN", string modality = "CT", string studyDate = "20200115", string studyTime = "101500",
        string accession = "ACC001", int seriesNumber = 1, int instanceNumber = 1, string sopClass = CtImageStorage,
        string studyDescription = "CHEST", string referring = "SMITH^ANNA", string birthDate = "19700101", string sex = "M",
        int pixels = 16)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, sopClass);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, sopUid);
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, studyDate);
        ds.SetString(DicomTags.StudyTime, DicomVR.TM, studyTime);
        ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, accession);
        ds.SetString(DicomTags.Modality, DicomVR.CS, modality);
        ds.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, referring);
        ds.SetString(DicomTags.StudyDescription, DicomVR.LO, studyDescription);
        ds.SetString(DicomTags.SeriesDescription, DicomVR.LO, "SERIES " + seriesNumber);
        ds.SetString(DicomTags.PatientName, DicomVR.PN, patientName);
        ds.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
        ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, birthDate);
        ds.SetString(DicomTags.PatientSex, DicomVR.CS, sex);
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, seriesUid);
        ds.SetString(DicomTags.StudyID, DicomVR.SH, "S1");
        ds.SetString(DicomTags.SeriesNumber, DicomVR.IS, seriesNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, instanceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.SetUInt16(DicomTags.Rows, 4);
        ds.SetUInt16(DicomTags.Columns, (ushort)(pixels / 4));
        ds.SetUInt16(DicomTags.BitsAllocated, 8);
        ds.SetUInt16(DicomTags.BitsStored, 8);
        ds.SetUInt16(DicomTags.HighBit, 7);
        ds.SetUInt16(DicomTags.PixelRepresentation, 0);
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, Enumerable.Range(0, pixels).Select(i => (byte)i).ToArray());
        return ds;
    }

    /// <summary>Stages, writes and commits a dataset the way the ingest path does.</summary>
    public static async Task<StoredInstance> StoreAsync(WorkspaceStore store, DicomDataset dataset, CancellationToken cancellationToken = default)
    {
        using var staged = await store.StageAsync(cancellationToken: cancellationToken);
        DicomFile.Create(dataset, TransferSyntax.ExplicitVRLittleEndian).Write(staged.Stream);
        return await store.CommitAsync(staged, dataset, TransferSyntax.ExplicitVRLittleEndian, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        _state.Dispose();
    }
}
