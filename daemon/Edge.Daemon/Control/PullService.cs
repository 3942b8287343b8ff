using Edge.Control.Methods;
using Edge.Control.V1;
using Edge.Daemon.Pull;
using Google.Protobuf.WellKnownTypes;
using EnginePullState = Edge.Daemon.Pull.PullState;
using V1 = Edge.Control.V1;

namespace Edge.Daemon.Control;

/// <summary>
/// edge.control.v1.Pull: start, follow, resume, cancel and list pulls of a project's studies from the PACS. The
/// requested identifiers go to the engine only; answers carry pull ids and counts.
/// </summary>
internal sealed class PullService(PullEngine engine)
{
    private const string Service = "/edge.control.v1.Pull/";

    public static void Map(ControlMethodRegistry registry, PullEngine engine)
    {
        var service = new PullService(engine);
        registry
            .MapServerStreaming<StartPullRequest, V1.PullProgress>(Service + "StartPull", service.StartAsync)
            .MapServerStreaming<ResumePullRequest, V1.PullProgress>(Service + "ResumePull", service.ResumeAsync)
            .MapUnary<CancelPullRequest, V1.PullSummary>(Service + "CancelPull", service.CancelAsync)
            .MapUnary<ListPullsRequest, ListPullsResponse>(Service + "ListPulls", (request, _) => Task.FromResult(service.List(request)));
    }

    private Task StartAsync(StartPullRequest request, IControlStreamWriter<V1.PullProgress> responses, ControlCallContext context)
    {
        var summary = engine.Start(new PullRequest(request.Workspace, Selection(request), ControlCaller.Actor(context),
            string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason));
        return FollowAsync(summary.PullId, responses, context);
    }

    private Task ResumeAsync(ResumePullRequest request, IControlStreamWriter<V1.PullProgress> responses, ControlCallContext context)
    {
        var summary = engine.Resume(request.PullId);
        return FollowAsync(summary.PullId, responses, context);
    }

    /// <summary>Progress until the pull ends; a caller leaving early stops following, not the pull.</summary>
    private async Task FollowAsync(string pullId, IControlStreamWriter<V1.PullProgress> responses, ControlCallContext context)
    {
        await foreach (var progress in engine.WatchAsync(pullId, context.CancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(ToMessage(progress)).ConfigureAwait(false);
        }
    }

    private async Task<V1.PullSummary> CancelAsync(CancelPullRequest request, ControlCallContext context) =>
        ToMessage(await engine.CancelAsync(request.PullId, context.CancellationToken).ConfigureAwait(false));

    private ListPullsResponse List(ListPullsRequest request)
    {
        var response = new ListPullsResponse();
        response.Pulls.Add(engine.List(request.Workspace.Length == 0 ? null : request.Workspace, request.IncludeFinished).Select(ToMessage));
        return response;
    }

    private static PullSelection Selection(StartPullRequest request) => request.SelectionCase switch
    {
        StartPullRequest.SelectionOneofCase.AccessionNumber => PullSelection.ByAccessionNumber(request.AccessionNumber),
        StartPullRequest.SelectionOneofCase.StudyInstanceUid => PullSelection.ByStudyInstanceUid(request.StudyInstanceUid),
        StartPullRequest.SelectionOneofCase.Patient => PullSelection.ByPatient(request.Patient.PatientId,
            NullIfEmpty(request.Patient.StudyDates?.From), NullIfEmpty(request.Patient.StudyDates?.To)),
        StartPullRequest.SelectionOneofCase.Studies => PullSelection.ByStudies(request.Studies.Studies.Select(k => k.KeyCase switch
        {
            V1.StudyKey.KeyOneofCase.AccessionNumber => Pull.StudyKey.ByAccessionNumber(k.AccessionNumber),
            V1.StudyKey.KeyOneofCase.StudyInstanceUid => Pull.StudyKey.ByStudyInstanceUid(k.StudyInstanceUid),
            _ => throw new PullRequestException("every study of the list needs an accession number or a study instance UID"),
        })),
        _ => throw new PullRequestException("say which studies to pull: an accession number, a study instance UID, a patient or a list"),
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static V1.PullSummary ToMessage(Pull.PullSummary s) => new()
    {
        PullId = s.PullId,
        Workspace = s.Workspace,
        RequestedBy = s.RequestedBy,
        CreatedAt = Timestamp.FromDateTimeOffset(s.CreatedAt),
        Progress = ToMessage(s.Progress),
    };

    private static V1.PullProgress ToMessage(Pull.PullProgress p) => new()
    {
        PullId = p.PullId,
        State = p.State switch
        {
            EnginePullState.Queued => V1.PullState.Queued,
            EnginePullState.Finding => V1.PullState.Finding,
            EnginePullState.Moving => V1.PullState.Moving,
            EnginePullState.Completed => V1.PullState.Completed,
            EnginePullState.Failed => V1.PullState.Failed,
            EnginePullState.Interrupted => V1.PullState.Interrupted,
            EnginePullState.Cancelled => V1.PullState.Cancelled,
            _ => V1.PullState.Unspecified,
        },
        StudiesTotal = (uint)p.StudiesTotal,
        StudiesDone = (uint)p.StudiesDone,
        StudiesFailed = (uint)p.StudiesFailed,
        InstancesReceived = (ulong)p.InstancesReceived,
        InstancesFailed = (ulong)p.InstancesFailed,
        InstancesWarning = (ulong)p.InstancesWarning,
        UpdatedAt = Timestamp.FromDateTimeOffset(p.UpdatedAt),
        Problem = p.Problem ?? "",
    };
}
