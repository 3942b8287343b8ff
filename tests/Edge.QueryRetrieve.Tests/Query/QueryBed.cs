using Edge.Dicom.Data;
using Edge.QueryRetrieve.Tests.Support;
using Edge.Testing;
using Edge.Workspaces;
using Edge.Workspaces.Definitions;
using Edge.Workspaces.Query;
using Edge.Workspaces.Storage;

namespace Edge.QueryRetrieve.Tests.Query;

/// <summary>
/// A workspace holding two patients, three studies and five instances, queried in process:
/// study 1.1 of PAT-1 (2020-01-15 10:15): CT series 1.1.1 (2 instances, procedure codes P1 and P2, CHEST) and MR
/// series 1.1.2 (1 instance, HEAD, series date 2020-01-16); study 1.2 of PAT-1 (2020-01-16 09:00): CT series 1.2.1
/// (1 instance, procedure code P3, ABDOMEN); study 2.1 of PAT-2 (2020-01-14 23:00): CT series 2.1.1 (1 instance, CHEST).
/// </summary>
public sealed class QueryBed : IAsyncLifetime
{
    private readonly TempDirectory _state = new("edge-qr-index");

    public WorkspaceStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await WorkspaceStore.OpenAsync(
            new WorkspaceDefinition { Name = "query", AeTitle = "QUERY" },
            new WorkspaceOptions { StateDirectory = _state.Path, FreeSpaceReserveBytes = 0 });
        Instances.Spec Ct(string study, string series, string sop) => new(study, series, sop);
        await Instances.StoreAsync(Store, Ct("1.1", "1.1.1", "1.1.1.1") with { ProcedureCodes = ["P1", "P2"] });
        await Instances.StoreAsync(Store, Ct("1.1", "1.1.1", "1.1.1.2") with { ProcedureCodes = ["P1", "P2"], InstanceNumber = 2 });
        await Instances.StoreAsync(Store, Ct("1.1", "1.1.2", "1.1.2.1") with
        {
            Modality = "MR", SeriesNumber = 2, BodyPart = "HEAD", SeriesDate = "20200116", ProcedureCodes = ["P1", "P2"],
            ImageType = @"DERIVED\SECONDARY",
        });
        await Instances.StoreAsync(Store, Ct("1.2", "1.2.1", "1.2.1.1") with
        {
            StudyDate = "20200116", SeriesDate = "20200116", StudyTime = "0900", Accession = "ACC-2", BodyPart = "ABDOMEN", ProcedureCodes = ["P3"],
        });
        await Instances.StoreAsync(Store, Ct("2.1", "2.1.1", "2.1.1.1") with
        {
            PatientId = "PAT-2", PatientName = "MÜLLER^ANNA", StudyDate = "20200114", SeriesDate = "20200114", StudyTime = "2300", Accession = "ACC-3",
        });
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        _state.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Options as the association gives them: the workspace's AE title and directory.</summary>
    public QueryOptions Options(QueryModel model = QueryModel.StudyRoot, bool combinedDateTime = false) => new()
    {
        Model = model,
        RetrieveAeTitle = "QUERY",
        CombinedDateTimeMatching = combinedDateTime,
        InstanceDirectory = Store.Directory,
    };

    /// <summary>Runs an identifier as C-FIND does and returns the response identifiers.</summary>
    public async Task<List<DicomDataset>> FindAsync(DicomDataset identifier, QueryOptions options)
    {
        var query = WorkspaceQuery.FromIdentifier(identifier, options);
        var matches = await Store.FindAsync(query).ToListAsync();
        // Through the wire encoding, as a peer reads them.
        return matches.Select(m => DicomFile.DecodeDataset(DicomFile.EncodeDataset(query.ToIdentifier(m), TransferSyntax.ExplicitVRLittleEndian),
            TransferSyntax.ExplicitVRLittleEndian)).ToList();
    }

    public static DicomDataset Identifier(string level, params (DicomTag Tag, DicomVR VR, string Value)[] keys)
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        foreach (var (tag, vr, value) in keys)
        {
            identifier.SetString(tag, vr, value);
        }
        return identifier;
    }

    /// <summary>A sequence key with one item holding the given simple keys (none: an empty item).</summary>
    public static void AddSequenceKey(DicomDataset identifier, DicomTag tag, params (DicomTag Tag, DicomVR VR, string Value)[] itemKeys)
    {
        var sequence = new DicomSequence(tag);
        identifier.Set(sequence);
        var item = new DicomDataset();
        sequence.AddItem(item);
        foreach (var (t, vr, value) in itemKeys)
        {
            item.SetString(t, vr, value);
        }
    }
}
