using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Edge.Cli.Output;
using Edge.Cli.Shell;
using Edge.Control.V1;
using Spectre.Console;

namespace Edge.Cli.Daemon;

/// <summary><c>edgectl system health|version|config</c> and <c>edgectl whoami</c> (edge.control.v1.System).</summary>
public static class DaemonCommands
{
    private const string Service = "/edge.control.v1.System/";

    public static Command Create(CommandSetup setup)
    {
        var command = new Command("system", "The daemon itself: health, version, effective configuration");
        command.Subcommands.Add(Health(setup));
        command.Subcommands.Add(Version(setup));
        command.Subcommands.Add(Configuration(setup));
        return command;
    }

    private static Command Health(CommandSetup setup)
    {
        var command = new Command("health", "Whether the DICOM listener, the ledger and the workspaces serve (exit code 6 when not serving)");
        setup.Example(command, "edgectl system health", "edgectl --json system health | jq -r .status");
        setup.Action(command, async (_, session) =>
        {
            var answer = await session.CallAsync<HealthRequest, HealthResponse>(Service + "Health", new()).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.WriteString("status", JsonOutput.Word(answer.Status));
                w.Instant("started_at", answer.StartedAt);
                w.WriteStartArray("components");
                foreach (var c in answer.Components)
                {
                    w.WriteStartObject();
                    w.WriteString("name", c.Name);
                    w.WriteString("status", JsonOutput.Word(c.Status));
                    w.StringOrNull("detail", c.Detail);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }, () =>
            {
                var table = Formats.Table("COMPONENT", "STATUS", "DETAIL");
                foreach (var c in answer.Components)
                {
                    table.AddRow(Formats.Cell(c.Name), Formats.Cell(JsonOutput.Word(c.Status)), Formats.Cell(c.Detail));
                }
                session.Say($"{JsonOutput.Word(answer.Status)} (started {Formats.Instant(answer.StartedAt)})");
                session.Out.Write(table);
            });
            return answer.Status is HealthStatus.Serving or HealthStatus.Degraded ? ExitCodes.Success : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static Command Version(CommandSetup setup)
    {
        var command = new Command("version", "Versions of the daemon, of the standards it implements, and of this edgectl");
        setup.Example(command, "edgectl system version");
        setup.Action(command, async (_, session) =>
        {
            var answer = await session.CallAsync<GetVersionRequest, VersionInfo>(Service + "GetVersion", new()).ConfigureAwait(false);
            var client = typeof(DaemonCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "";
            session.AnswerObject(w =>
            {
                w.WriteString("version", answer.Version);
                w.StringOrNull("commit", answer.Commit);
                w.WriteString("runtime", answer.Runtime);
                w.WriteString("implementation_class_uid", answer.ImplementationClassUid);
                w.WriteString("implementation_version_name", answer.ImplementationVersionName);
                w.WriteString("deidentification_edition", answer.DeidentificationEdition);
                w.WriteString("edgectl_version", client);
            }, () =>
            {
                session.Out.Write(Formats.Fields(
                    ("edged", answer.Version + (answer.Commit.Length > 0 ? $" ({answer.Commit})" : "")),
                    ("Runtime", answer.Runtime),
                    ("Implementation", $"{answer.ImplementationClassUid} {answer.ImplementationVersionName}"),
                    ("PS3.15 edition", answer.DeidentificationEdition),
                    ("edgectl", client)));
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Configuration(CommandSetup setup)
    {
        var command = new Command("config", "The configuration in effect, every secret masked (admin)");
        setup.Example(command, "edgectl system config", "edgectl --json system config | jq -r '.entries[] | select(.source == \"control\") | .key'");
        setup.Action(command, async (_, session) =>
        {
            var answer = await session.CallAsync<GetConfigurationRequest, GetConfigurationResponse>(Service + "GetConfiguration", new()).ConfigureAwait(false);
            session.AnswerObject(w =>
            {
                w.StringOrNull("source_path", answer.SourcePath);
                w.WriteStartArray("entries");
                foreach (var e in answer.Entries)
                {
                    w.WriteStartObject();
                    w.WriteString("key", e.Key);
                    w.WriteString("value", e.Value);
                    w.WriteBoolean("masked", e.Masked);
                    w.WriteString("source", e.Source);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }, () =>
            {
                var table = Formats.Table("KEY", "VALUE", "SOURCE");
                foreach (var e in answer.Entries)
                {
                    table.AddRow(Formats.Cell(e.Key), Formats.Cell(e.Value), Formats.Cell(e.Source));
                }
                session.Say($"Configuration: {(answer.SourcePath.Length > 0 ? answer.SourcePath : "embedded default")}");
                session.Out.Write(table);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateWhoAmI(CommandSetup setup)
    {
        var command = new Command("whoami", "The caller as the daemon sees it: uid, groups and the roles they map to");
        setup.Example(command, "edgectl whoami");
        setup.Action(command, async (_, session) =>
        {
            var me = await session.CallAsync<WhoAmIRequest, WhoAmIResponse>(Service + "WhoAmI", new()).ConfigureAwait(false);
            var roles = me.Roles.Select(RoleName).ToList();
            session.AnswerObject(w =>
            {
                w.WriteNumber("uid", me.Uid);
                w.WriteNumber("gid", me.Gid);
                w.WriteStartArray("groups");
                foreach (var g in me.Groups)
                {
                    w.WriteNumberValue(g);
                }
                w.WriteEndArray();
                w.WriteNumber("pid", me.Pid);
                w.WriteStartArray("roles");
                foreach (var r in roles)
                {
                    w.WriteStringValue(r);
                }
                w.WriteEndArray();
                w.WriteBoolean("may_reidentify", me.MayReidentify);
            }, () =>
            {
                session.Out.Write(Formats.Fields(
                    ("uid", me.Uid.ToString(CultureInfo.InvariantCulture)),
                    ("gid", me.Gid.ToString(CultureInfo.InvariantCulture)),
                    ("groups", string.Join(' ', me.Groups)),
                    ("roles", roles.Count == 0 ? "none" : string.Join(", ", roles)),
                    ("may re-identify", me.MayReidentify ? "yes" : "no")));
            });
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Roles as the daemon's configuration names them (control.roles[].role).</summary>
    private static string RoleName(Role role) => role switch
    {
        Role.Admin => "admin",
        Role.DataManager => "data-manager",
        Role.Auditor => "auditor",
        _ => "unspecified",
    };
}
