using System.Net;

namespace Edge.Dicom.Network;

/// <summary>A snapshot of a <see cref="DicomServer"/> for health reports.</summary>
/// <param name="EndPoint">Where it listens; null before it started.</param>
/// <param name="Accepting">Whether its accept loop runs (false before start and after stop).</param>
/// <param name="Associations">Associations established now.</param>
/// <param name="MaxAssociations">The configured maximum; beyond it new associations are rejected (local limit exceeded).</param>
/// <param name="LastAcceptFailure">The last time accepting a connection failed (out of descriptors, say), if ever.</param>
public sealed record DicomServerStatus(IPEndPoint? EndPoint, bool Accepting, int Associations, int MaxAssociations, AcceptFailure? LastAcceptFailure);

/// <summary>When accepting a connection failed, and the system's reason.</summary>
public sealed record AcceptFailure(DateTimeOffset At, string Problem);
