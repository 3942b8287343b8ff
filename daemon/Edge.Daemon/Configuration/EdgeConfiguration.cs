using System.Text.Json.Serialization;

namespace Edge.Daemon.Configuration;

/// <summary>Marks a setting whose value is masked when the effective configuration is printed.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SensitiveAttribute : Attribute;

/// <summary>
/// The daemon's configuration file (JSON). Every key is documented in the README; unknown keys are refused with the
/// nearest known one suggested. Defaults are those of the embedded configuration <c>edged run</c> uses without --config.
/// </summary>
public sealed class EdgeConfiguration
{
    /// <summary>Where ledger, workspaces, index, spool and quarantine live. Default: $STATE_DIRECTORY, else ./edge-state.</summary>
    public string? StateDirectory { get; set; }

    public DicomSection Dicom { get; set; } = new();

    public StorageSection Storage { get; set; } = new();

    public ControlSection Control { get; set; } = new();

    /// <summary>The hospital PACS Edge pulls from (C-FIND/C-MOVE as SCU); absent disables pulls.</summary>
    public PacsSection? Pacs { get; set; }

    public List<WorkspaceSection> Workspaces { get; set; } = [];

    public LoggingSection Logging { get; set; } = new();
}

public sealed class DicomSection
{
    /// <summary>IP address the DICOM port listens on. Default 127.0.0.1; set 0.0.0.0 to accept the hospital network.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>DICOM port. Default 11112.</summary>
    public int Port { get; set; } = 11112;

    /// <summary>Associations served at once. Default 32.</summary>
    public int MaxAssociations { get; set; } = 32;

    /// <summary>Largest PDU accepted, in KiB. Default 256.</summary>
    public int MaxPduKb { get; set; } = 256;

    /// <summary>Seconds a new connection has to ask for an association (ARTIM). Default 30.</summary>
    public int ArtimTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds an association may stay silent before it is aborted. Default 120.</summary>
    public int IdleTimeoutSeconds { get; set; } = 120;

    /// <summary>Storage SOP class UIDs accepted besides the standard ones (private classes, for example). Default none.</summary>
    public List<string> ExtraSopClasses { get; set; } = [];
}

public sealed class StorageSection
{
    /// <summary>User that owns de-identified files (name or uid). Default: the daemon's user.</summary>
    public string? FileOwner { get; set; }

    /// <summary>Group of de-identified files, so research users can read them (mode 0640). Default: the daemon's group.</summary>
    public string? FileGroup { get; set; }

    /// <summary>Free disk space (MiB) kept in reserve: below it, C-STORE answers 0xA700. Default 1024.</summary>
    public int FreeSpaceReserveMb { get; set; } = 1024;
}

public sealed class ControlSection
{
    /// <summary>Control socket. Default /run/edge/control.sock under systemd, else STATE/control.sock.</summary>
    public string? Socket { get; set; }

    /// <summary>Group that owns the socket (mode 0660). Default edge-admin.</summary>
    public string SocketGroup { get; set; } = "edge-admin";

    /// <summary>Who may do what, by uid or gid. Default: root is admin.</summary>
    public List<RoleGrant> Roles { get; set; } = [new RoleGrant { Role = "admin", Uids = [0] }];
}

public sealed class RoleGrant
{
    /// <summary>admin, data-manager or auditor.</summary>
    public string Role { get; set; } = "";

    public List<int> Uids { get; set; } = [];

    public List<int> Gids { get; set; } = [];

    /// <summary>May re-identify (pseudonym → identity) with a reason. Default false, whatever the role.</summary>
    public bool Reidentify { get; set; }
}

public sealed class PacsSection
{
    public string AeTitle { get; set; } = "";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 104;

    /// <summary>Studies moved at once during a pull. Default 1.</summary>
    public int ParallelMoves { get; set; } = 1;
}

public sealed class WorkspaceSection
{
    public string Name { get; set; } = "";

    /// <summary>Called AE title that routes to this workspace (a PACS sends the project's studies to it).</summary>
    public string AeTitle { get; set; } = "";

    /// <summary>Built-in profile name or path of a profile file. Default research-default.</summary>
    public string Profile { get; set; } = "research-default";

    /// <summary>Calling AE titles (and optionally hosts) allowed to store; "*" means any AE title.</summary>
    public List<CallerSection> AllowedCallers { get; set; } = [];

    /// <summary>Research nodes that may query and retrieve this workspace.</summary>
    public List<ResearchNodeSection> ResearchNodes { get; set; } = [];

    /// <summary>Date after which the workspace is purged (yyyy-MM-dd). Default none.</summary>
    public string? RetainUntil { get; set; }

    /// <summary>Quota in GiB; beyond it C-STORE answers 0xA700. Default none.</summary>
    public double? QuotaGb { get; set; }
}

public sealed class CallerSection
{
    public string AeTitle { get; set; } = "*";

    /// <summary>Host name or IP address the caller must come from; absent means any.</summary>
    public string? Host { get; set; }
}

public sealed class ResearchNodeSection
{
    public string AeTitle { get; set; } = "";

    public string? Host { get; set; }

    /// <summary>Port of the node's own SCP, for C-MOVE to itself.</summary>
    public int? Port { get; set; }

    /// <summary>May retrieve with C-MOVE (to itself at host:port, or to its move destinations). Default: when a port or destinations are given.</summary>
    public bool? AllowMove { get; set; }

    /// <summary>Other C-MOVE destinations this node may name: AE title, host, port.</summary>
    public List<MoveDestinationSection> MoveDestinations { get; set; } = [];
}

public sealed class MoveDestinationSection
{
    public string AeTitle { get; set; } = "";

    public string Host { get; set; } = "";

    public int Port { get; set; }
}

public sealed class LoggingSection
{
    /// <summary>Trace, Debug, Information, Warning, Error. Default Information.</summary>
    public string Level { get; set; } = "Information";
}
