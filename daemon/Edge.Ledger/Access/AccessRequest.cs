namespace Edge.Ledger.Access;

/// <summary>Who asks and why: required, and audited, for every lookup, re-identification, export and erasure.</summary>
public sealed record AccessRequest(string Who, string Why)
{
    public const int MaxLength = 1000;

    /// <summary>Why the request is unacceptable, or null when it may proceed.</summary>
    internal string? Problem =>
        string.IsNullOrWhiteSpace(Who) ? "no requester was named"
        : string.IsNullOrWhiteSpace(Why) ? "no reason was given"
        : Who.Length > MaxLength || Why.Length > MaxLength ? $"requester and reason are limited to {MaxLength} characters"
        : null;
}
