using System.Runtime.CompilerServices;
using Edge.Dicom.Data;
using Edge.Dicom.Network;

namespace Edge.Network.Tests.Support;

/// <summary>A study the test archive holds: its STUDY-level attributes and its files.</summary>
internal sealed record ArchivedStudy(string StudyInstanceUid, string PatientId, string StudyDescription, IReadOnlyList<string> Files);

/// <summary>
/// A tiny in-memory Q/R SCP provider: C-FIND at STUDY level (matching on Study Instance UID and Patient ID, empty
/// or '*' matching all), C-GET and C-MOVE of a study's files, C-MOVE destinations by AE title.
/// </summary>
internal sealed class StudyArchive(IReadOnlyList<ArchivedStudy> studies) : ICFindProvider, ICGetProvider, ICMoveProvider, ICEchoProvider
{
    public static readonly DicomTag StudyDescription = new(0x0008, 0x1030);
    public static readonly DicomTag QueryRetrieveLevel = new(0x0008, 0x0052);

    public Dictionary<string, DicomPeer> Destinations { get; } = new(StringComparer.Ordinal);

    /// <summary>Delay before each C-FIND match, to let a C-CANCEL arrive mid-way.</summary>
    public TimeSpan MatchDelay { get; init; }

    /// <summary>How many times a C-FIND repeats every match, and a C-GET/C-MOVE every file (to have many).</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Set when a C-FIND saw its token cancelled.</summary>
    public TaskCompletionSource FindCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask<DimseResult> OnCEchoAsync(CEchoRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(DimseResult.Success);

    public async IAsyncEnumerable<CFindResponse> OnCFindAsync(CFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => FindCancelled.TrySetResult());
        if (request.Level != "STUDY")
        {
            yield return new CFindResponse(DicomStatus.DataSetDoesNotMatchSopClass, null, "Only STUDY level");
            yield break;
        }
        for (var r = 0; r < Repeat; r++)
        {
            foreach (var study in Matches(request.Identifier))
            {
                if (MatchDelay > TimeSpan.Zero)
                {
                    await Task.Delay(MatchDelay, cancellationToken);
                }
                var match = new DicomDataset();
                match.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
                match.SetString(QueryRetrieveLevel, DicomVR.CS, "STUDY");
                match.SetString(StudyDescription, DicomVR.LO, study.StudyDescription);
                match.SetString(DicomTags.PatientID, DicomVR.LO, study.PatientId);
                match.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, study.StudyInstanceUid);
                yield return CFindResponse.Match(match);
            }
        }
    }

    public ValueTask<RetrieveSet> OnCGetAsync(CGetRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(Retrieve(request));

    public ValueTask<DicomPeer?> ResolveMoveDestinationAsync(CMoveRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Destinations.GetValueOrDefault(request.MoveDestination));

    public ValueTask<RetrieveSet> OnCMoveAsync(CMoveRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(Retrieve(request));

    private RetrieveSet Retrieve(QueryRetrieveRequest request) =>
        RetrieveSet.From(Enumerable.Repeat(Matches(request.Identifier).SelectMany(s => s.Files), Repeat).SelectMany(f => f).Select(InstanceFile.Open).ToList());

    private IEnumerable<ArchivedStudy> Matches(DicomDataset identifier)
    {
        var uid = identifier.GetString(DicomTags.StudyInstanceUID);
        var patient = identifier.GetString(DicomTags.PatientID);
        return studies.Where(s => Matches(uid, s.StudyInstanceUid) && Matches(patient, s.PatientId));

        static bool Matches(string? key, string value) => string.IsNullOrEmpty(key) || key == "*" || key.Split('\\').Contains(value);
    }
}
