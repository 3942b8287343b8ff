using System.Globalization;
using System.Net;
using Edge.Deid.Profiles;

namespace Edge.Daemon.Configuration;

/// <summary>Checks every value of a parsed configuration; the first problem found is reported with its key path.</summary>
internal static class ConfigurationValidator
{
    private static readonly string[] s_roles = ["admin", "data-manager", "auditor"];
    private static readonly string[] s_levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    public static void Validate(EdgeConfiguration c, string source)
    {
        void Fail(string key, string problem) => throw new ConfigurationException($"{source}: {key}: {problem}");

        var d = c.Dicom;
        if (!IPAddress.TryParse(d.BindAddress, out _))
        {
            Fail("dicom.bindAddress", $"'{d.BindAddress}' is not an IP address");
        }
        if (d.Port is < 0 or > 65535)
        {
            Fail("dicom.port", $"{d.Port} is not a TCP port (0-65535)");
        }
        if (d.MaxAssociations is < 1 or > 1000)
        {
            Fail("dicom.maxAssociations", "must be from 1 to 1000");
        }
        if (d.MaxPduKb is < 4 or > 4096)
        {
            Fail("dicom.maxPduKb", "must be from 4 to 4096");
        }
        if (d.ArtimTimeoutSeconds < 1)
        {
            Fail("dicom.artimTimeoutSeconds", "must be at least 1");
        }
        if (d.IdleTimeoutSeconds < 1)
        {
            Fail("dicom.idleTimeoutSeconds", "must be at least 1");
        }
        for (var i = 0; i < d.ExtraSopClasses.Count; i++)
        {
            if (!IsUid(d.ExtraSopClasses[i]))
            {
                Fail($"dicom.extraSopClasses[{i}]", $"'{d.ExtraSopClasses[i]}' is not a UID");
            }
        }
        if (c.Storage.FreeSpaceReserveMb < 0)
        {
            Fail("storage.freeSpaceReserveMb", "must not be negative");
        }
        for (var i = 0; i < c.Control.Roles.Count; i++)
        {
            if (!s_roles.Contains(c.Control.Roles[i].Role))
            {
                Fail($"control.roles[{i}].role", $"'{c.Control.Roles[i].Role}' is not one of {string.Join(", ", s_roles)}");
            }
        }
        if (c.Pacs is { } pacs)
        {
            if (!IsAeTitle(pacs.AeTitle))
            {
                Fail("pacs.aeTitle", $"'{pacs.AeTitle}' is not an AE title (1-16 characters, no backslash)");
            }
            if (string.IsNullOrWhiteSpace(pacs.Host))
            {
                Fail("pacs.host", "is required");
            }
            if (pacs.Port is < 1 or > 65535)
            {
                Fail("pacs.port", $"{pacs.Port} is not a TCP port");
            }
            if (pacs.ParallelMoves is < 1 or > 16)
            {
                Fail("pacs.parallelMoves", "must be from 1 to 16");
            }
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var titles = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < c.Workspaces.Count; i++)
        {
            var w = c.Workspaces[i];
            var key = $"workspaces[{i}]";
            if (w.Name.Length is 0 or > 40 || w.Name.Any(ch => !(char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch is '-' or '_')))
            {
                Fail(key + ".name", $"'{w.Name}' must be 1-40 characters a-z, 0-9, '-' or '_'");
            }
            if (!names.Add(w.Name))
            {
                Fail(key + ".name", $"workspace '{w.Name}' is defined twice");
            }
            if (!IsAeTitle(w.AeTitle))
            {
                Fail(key + ".aeTitle", $"'{w.AeTitle}' is not an AE title (1-16 characters, no backslash)");
            }
            if (!titles.Add(w.AeTitle.Trim()))
            {
                Fail(key + ".aeTitle", $"AE title '{w.AeTitle}' already routes to another workspace");
            }
            try
            {
                ProfileLoader.Resolve(w.Profile);
            }
            catch (ProfileException ex)
            {
                Fail(key + ".profile", ex.Message);
            }
            if (w.RetainUntil is { } until && !DateOnly.TryParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                Fail(key + ".retainUntil", $"'{until}' is not a date yyyy-MM-dd");
            }
            if (w.QuotaGb is <= 0)
            {
                Fail(key + ".quotaGb", "must be positive");
            }
            for (var j = 0; j < w.AllowedCallers.Count; j++)
            {
                if (w.AllowedCallers[j].AeTitle != "*" && !IsAeTitle(w.AllowedCallers[j].AeTitle))
                {
                    Fail($"{key}.allowedCallers[{j}].aeTitle", $"'{w.AllowedCallers[j].AeTitle}' is not an AE title or *");
                }
            }
            for (var j = 0; j < w.ResearchNodes.Count; j++)
            {
                var n = w.ResearchNodes[j];
                if (n.AeTitle != "*" && !IsAeTitle(n.AeTitle))
                {
                    Fail($"{key}.researchNodes[{j}].aeTitle", $"'{n.AeTitle}' is not an AE title or *");
                }
                if (n.Port is < 1 or > 65535)
                {
                    Fail($"{key}.researchNodes[{j}].port", $"{n.Port} is not a TCP port");
                }
                for (var k = 0; k < n.MoveDestinations.Count; k++)
                {
                    var m = n.MoveDestinations[k];
                    if (!IsAeTitle(m.AeTitle) || string.IsNullOrWhiteSpace(m.Host) || m.Port is < 1 or > 65535)
                    {
                        Fail($"{key}.researchNodes[{j}].moveDestinations[{k}]", "needs aeTitle, host and port");
                    }
                }
            }
        }
        if (!s_levels.Contains(c.Logging.Level, StringComparer.OrdinalIgnoreCase))
        {
            Fail("logging.level", $"'{c.Logging.Level}' is not one of {string.Join(", ", s_levels)}");
        }
    }

    private static bool IsAeTitle(string? ae) =>
        ae is not null && ae.Trim().Length is > 0 and <= 16 && ae.All(ch => ch >= 0x20 && ch < 0x7F && ch != '\\');

    private static bool IsUid(string uid) =>
        uid.Length is > 0 and <= 64 && uid.All(ch => char.IsAsciiDigit(ch) || ch == '.') && !uid.StartsWith('.') && !uid.EndsWith('.');
}
