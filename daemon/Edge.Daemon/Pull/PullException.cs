using Edge.Dicom;

namespace Edge.Daemon.Pull;

/// <summary>
/// Root of the pull engine's own exceptions. Messages name pulls, workspaces and fields, never the identifiers a
/// pull selects, so callers may log them and return them to the requester.
/// </summary>
public class PullException : DicomException
{
    public PullException(string message) : base(message) { }
}

/// <summary>The request cannot start a pull: the selection is invalid or incomplete.</summary>
public sealed class PullRequestException(string message) : PullException(message);

/// <summary>This daemon cannot pull at all until its configuration names a PACS.</summary>
public sealed class PullNotConfiguredException(string message) : PullException(message);

/// <summary>No pull has that id.</summary>
public sealed class UnknownPullException(string pullId) : PullException($"No pull has the id {pullId}.");
