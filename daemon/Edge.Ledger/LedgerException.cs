namespace Edge.Ledger;

/// <summary>
/// Root of Edge.Ledger's own exceptions: bad input, a refused request or an unusable ledger. Messages name paths and
/// workspaces but never patient data, so callers may log them.
/// </summary>
public class LedgerException : Exception
{
    public LedgerException(string message) : base(message) { }
    public LedgerException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>The key is missing, unsafe (group or other may read it) or does not decrypt the ledger.</summary>
public sealed class LedgerKeyException : LedgerException
{
    public LedgerKeyException(string message) : base(message) { }
    public LedgerKeyException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>
/// What the engine reported contradicts what the ledger holds (for example one original UID with two pseudonyms);
/// the instance must not be acknowledged.
/// </summary>
public sealed class LedgerConflictException : LedgerException
{
    public LedgerConflictException(string message) : base(message) { }
}

/// <summary>A lookup, re-identification or export was refused (no reason given, unknown workspace); it is audited.</summary>
public class LedgerAccessException : LedgerException
{
    public LedgerAccessException(string message) : base(message) { }
}

/// <summary>The workspace named in a lookup, re-identification, export or erasure is not in the ledger; it is audited.</summary>
public sealed class LedgerUnknownWorkspaceException : LedgerAccessException
{
    public LedgerUnknownWorkspaceException(string message) : base(message) { }
}
