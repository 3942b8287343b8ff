namespace Edge.Control.Access;

/// <summary>What the configuration grants a uid or gid; a caller holds the union of its user's and groups' grants.</summary>
[Flags]
public enum ControlGrants
{
    None = 0,

    /// <summary>Every method (re-identification only with <see cref="Reidentify"/> as well).</summary>
    Admin = 1,

    /// <summary>Workspaces, ingest status, quarantine, exports and pulls.</summary>
    DataManager = 2,

    /// <summary>Audit query and verification.</summary>
    Auditor = 4,

    /// <summary>May turn pseudonyms back into identities, with a role that allows the method; never implied.</summary>
    Reidentify = 8,
}
