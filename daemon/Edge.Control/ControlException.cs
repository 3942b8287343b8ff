namespace Edge.Control;

/// <summary>
/// Root of Edge.Control's own exceptions: an unusable configuration or socket at start, or a call answered with a
/// status. Messages name paths, methods and uids, never patient data.
/// </summary>
public class ControlException : Exception
{
    public ControlException(string message) : base(message) { }
    public ControlException(string message, Exception? inner) : base(message, inner) { }
}
