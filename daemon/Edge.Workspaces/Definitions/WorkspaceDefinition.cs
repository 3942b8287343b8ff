using System.Net;

namespace Edge.Workspaces.Definitions;

/// <summary>
/// One research project's sandbox as configured: the AE title a PACS calls to send it studies, the de-identification
/// profile, who may send, which research nodes may query and retrieve, how long it is kept and how large it may grow.
/// </summary>
public sealed record WorkspaceDefinition
{
    /// <summary>Default de-identification profile name.</summary>
    public const string DefaultProfile = "research-default";

    /// <summary>[a-z0-9_-], 1 to 40 characters: it names a directory and an index file.</summary>
    public required string Name { get; init; }

    /// <summary>The called AE title that selects this workspace (compared trimmed and case-sensitively).</summary>
    public required string AeTitle { get; init; }

    /// <summary>The de-identification profile applied to instances on their way in.</summary>
    public string Profile { get; init; } = DefaultProfile;

    /// <summary>Who may send instances (C-STORE). Empty: nobody.</summary>
    public IReadOnlyList<AllowedCaller> AllowedCallers { get; init; } = [];

    /// <summary>Research nodes granted access to this workspace's instances.</summary>
    public IReadOnlyList<ResearchNode> ResearchNodes { get; init; } = [];

    /// <summary>When the data expires and may be purged; null keeps it until purged by hand.</summary>
    public DateTimeOffset? RetainUntil { get; init; }

    /// <summary>Most bytes of instances the workspace may hold; null for no quota (the disk reserve still applies).</summary>
    public long? QuotaBytes { get; init; }

    /// <summary>User (name or numeric id) given ownership of the workspace's files and directories; null leaves the service user.</summary>
    public string? Owner { get; init; }

    /// <summary>Group (name or numeric id) of the workspace's files and directories; null leaves the service user's group.</summary>
    public string? Group { get; init; }

    /// <summary>Set when the workspace was purged: it keeps its name and AE title but takes no more instances.</summary>
    public DateTimeOffset? PurgedAt { get; init; }

    public bool IsPurged => PurgedAt is not null;

    /// <summary>True when the retention date has passed and the data is still there.</summary>
    public bool IsExpired(DateTimeOffset now) => !IsPurged && RetainUntil is { } until && until <= now;

    /// <summary>Whether a calling AE title from an address may send to this workspace.</summary>
    public async ValueTask<bool> AcceptsCallerAsync(string callingAeTitle, IPAddress? remote, CancellationToken cancellationToken = default)
    {
        foreach (var caller in AllowedCallers)
        {
            if (await caller.MatchesAsync(callingAeTitle, remote, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The granted research node a calling AE title from an address is, if any.</summary>
    public async ValueTask<ResearchNode?> FindResearchNodeAsync(string callingAeTitle, IPAddress? remote, CancellationToken cancellationToken = default)
    {
        foreach (var node in ResearchNodes)
        {
            if ((node.AeTitle == ResearchNode.AnyAeTitle || AeTitles.Same(node.AeTitle, callingAeTitle))
                && await HostMatcher.MatchesAsync(node.Host, remote, cancellationToken).ConfigureAwait(false))
            {
                return node;
            }
        }
        return null;
    }

    /// <summary>Checks every field; the first problem is thrown, naming the field.</summary>
    /// <exception cref="WorkspaceDefinitionException">A field is invalid.</exception>
    public WorkspaceDefinition Validate()
    {
        WorkspaceNames.Require(Name);
        var where = $"workspace {Name}";
        AeTitles.Require(AeTitle, $"{where}: aeTitle");
        if (string.IsNullOrWhiteSpace(Profile))
        {
            throw new WorkspaceDefinitionException($"{where}: profile must not be empty.");
        }
        for (var i = 0; i < AllowedCallers.Count; i++)
        {
            AllowedCallers[i].Validate($"{where}: allowedCallers[{i}]");
        }
        for (var i = 0; i < ResearchNodes.Count; i++)
        {
            ResearchNodes[i].Validate($"{where}: researchNodes[{i}]");
        }
        var duplicate = ResearchNodes.GroupBy(n => (AeTitles.Normalise(n.AeTitle), n.Host)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new WorkspaceDefinitionException($"{where}: research node {duplicate.Key.Item1} is granted twice.");
        }
        if (QuotaBytes is <= 0)
        {
            throw new WorkspaceDefinitionException($"{where}: quotaBytes must be positive (omit it for no quota).");
        }
        RequireAccountName(Owner, $"{where}: owner");
        RequireAccountName(Group, $"{where}: group");
        return this;
    }

    private static void RequireAccountName(string? name, string field)
    {
        if (name is not null && (name.Length == 0 || name.Length > 32 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ':' or '/')))
        {
            throw new WorkspaceDefinitionException($"{field} must be a user or group name (or numeric id) without spaces, ':' or '/'.");
        }
    }
}

/// <summary>A sender allowed to store into a workspace: an AE title, a host, or both. A null part matches anything.</summary>
public sealed record AllowedCaller(string? AeTitle = null, string? Host = null)
{
    public ValueTask<bool> MatchesAsync(string callingAeTitle, IPAddress? remote, CancellationToken cancellationToken = default) =>
        AeTitle is not null && !AeTitles.Same(AeTitle, callingAeTitle)
            ? ValueTask.FromResult(false)
            : HostMatcher.MatchesAsync(Host, remote, cancellationToken);

    internal void Validate(string field)
    {
        if (AeTitle is null && Host is null)
        {
            throw new WorkspaceDefinitionException($"{field}: give an aeTitle, a host or both.");
        }
        if (AeTitle is not null)
        {
            AeTitles.Require(AeTitle, field + ".aeTitle");
        }
        HostMatcher.Require(Host, field + ".host");
    }
}

/// <summary>
/// A research cluster node granted a workspace: which of C-FIND, C-GET and C-MOVE it may use, from which host, where
/// it listens (for pulls towards it) and the destinations it may name in a C-MOVE.
/// </summary>
public sealed record ResearchNode
{
    /// <summary>An AE title that matches any calling AE title (the node is then known by its host alone).</summary>
    public const string AnyAeTitle = "*";

    /// <summary>The node's calling AE title, or <see cref="AnyAeTitle"/>.</summary>
    public required string AeTitle { get; init; }

    /// <summary>IP address, CIDR block or host name the node must call from; null accepts any address.</summary>
    public string? Host { get; init; }

    /// <summary>The node's own storage SCP port, when it has one.</summary>
    public int? Port { get; init; }

    public bool AllowFind { get; init; } = true;

    public bool AllowGet { get; init; } = true;

    public bool AllowMove { get; init; }

    /// <summary>The AE titles this node may send instances to with C-MOVE, and where they listen.</summary>
    public IReadOnlyList<MoveDestination> MoveDestinations { get; init; } = [];

    /// <summary>The destination a C-MOVE names, if this node may use it.</summary>
    public MoveDestination? FindMoveDestination(string aeTitle) =>
        MoveDestinations.FirstOrDefault(d => AeTitles.Same(d.AeTitle, aeTitle));

    internal void Validate(string field)
    {
        AeTitles.Require(AeTitle, field + ".aeTitle");
        HostMatcher.Require(Host, field + ".host");
        if (Port is < 1 or > 65535)
        {
            throw new WorkspaceDefinitionException($"{field}.port must be 1 to 65535.");
        }
        for (var i = 0; i < MoveDestinations.Count; i++)
        {
            MoveDestinations[i].Validate($"{field}.moveDestinations[{i}]");
        }
        if (MoveDestinations.Count > 0 && !AllowMove)
        {
            throw new WorkspaceDefinitionException($"{field}: moveDestinations are given but allowMove is false.");
        }
    }
}

/// <summary>A C-MOVE destination: the AE title named in the request and where to open the sub-association.</summary>
public sealed record MoveDestination(string AeTitle, string Host, int Port)
{
    internal void Validate(string field)
    {
        AeTitles.Require(AeTitle, field + ".aeTitle");
        if (string.IsNullOrWhiteSpace(Host) || Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new WorkspaceDefinitionException($"{field}.host must be a host name or IP address.");
        }
        if (Port is < 1 or > 65535)
        {
            throw new WorkspaceDefinitionException($"{field}.port must be 1 to 65535.");
        }
    }
}
