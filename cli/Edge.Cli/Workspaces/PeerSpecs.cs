using System.Globalization;
using Edge.Control.V1;

namespace Edge.Cli.Workspaces;

/// <summary>A C-MOVE destination for the research node whose AE title is <paramref name="Node"/>.</summary>
public sealed record DestinationGrant(string Node, MoveDestination Destination);

/// <summary>
/// The command line's spellings of DICOM peers: <c>AE</c>, <c>AE@HOST</c>, <c>@HOST</c> (any AE title) for callers;
/// <c>AE@HOST:PORT</c> for nodes and destinations, with <c>[v6]</c> brackets around an IPv6 address. Returns the
/// problem in words when a value does not parse, for the parser to report.
/// </summary>
public static class PeerSpecs
{
    private const int MaxAeTitle = 16;

    /// <summary>A sender allowed to store: <c>AE</c>, <c>AE@HOST</c>, <c>@HOST</c> or <c>*@HOST</c>.</summary>
    public static AllowedCaller? ParseCaller(string text, out string? problem)
    {
        var (ae, host, port) = Split(text);
        ae = ae == "*" ? "" : ae;
        problem = port is not null ? $"'{text}': a caller has no port (AE[@HOST])"
            : ae.Length == 0 && host is null ? $"'{text}': give an AE title, @HOST or both"
            : AeProblem(ae, text, allowEmpty: true) ?? HostProblem(host, text);
        return problem is null ? new AllowedCaller { AeTitle = ae, Host = host ?? "" } : null;
    }

    /// <summary>
    /// A research node: <c>AE</c>, <c>AE@HOST</c> or <c>AE@HOST:PORT</c>. It may find and get; with a port it may
    /// also move to itself there.
    /// </summary>
    public static ResearchNode? ParseNode(string text, out string? problem)
    {
        var (ae, host, port) = Split(text);
        problem = AeProblem(ae, text, allowEmpty: false) ?? HostProblem(host, text) ?? PortProblem(port, host, text);
        if (problem is not null)
        {
            return null;
        }
        var node = new ResearchNode { AeTitle = ae, Host = host ?? "", AllowFind = true, AllowGet = true };
        if (port is { } p && ae != "*")
        {
            node.Port = p;
            node.AllowMove = true;
            node.MoveDestinations.Add(new MoveDestination { AeTitle = ae, Host = host!, Port = p });
        }
        return node;
    }

    /// <summary>A C-MOVE destination granted to a node: <c>NODE_AE=AE@HOST:PORT</c>.</summary>
    public static DestinationGrant? ParseMoveDestination(string text, out string? problem)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            problem = $"'{text}': expected NODE_AE=AE@HOST:PORT";
            return null;
        }
        var node = text[..equals];
        var (ae, host, port) = Split(text[(equals + 1)..]);
        problem = AeProblem(node, text, allowEmpty: false) ?? AeProblem(ae, text, allowEmpty: false)
            ?? (host is null || port is null ? $"'{text}': a destination needs AE@HOST:PORT" : HostProblem(host, text) ?? PortProblem(port, host, text));
        return problem is null ? new DestinationGrant(node, new MoveDestination { AeTitle = ae, Host = host!, Port = port!.Value }) : null;
    }

    /// <summary>AE, host and port of AE[@HOST[:PORT]]; a port that is not a number becomes 0 (refused later).</summary>
    private static (string Ae, string? Host, uint? Port) Split(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return (text, null, null);
        }
        var ae = text[..at];
        var rest = text[(at + 1)..];
        string host;
        string? port = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? rest : rest[1..close];
            port = close >= 0 && rest.Length > close + 1 && rest[close + 1] == ':' ? rest[(close + 2)..] : null;
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            // More than one colon without brackets is an IPv6 address without a port.
            var single = colon >= 0 && rest.IndexOf(':', StringComparison.Ordinal) == colon;
            host = single ? rest[..colon] : rest;
            port = single ? rest[(colon + 1)..] : null;
        }
        uint? number = port is null ? null
            : uint.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return (ae, host, number);
    }

    private static string? AeProblem(string ae, string text, bool allowEmpty) =>
        ae.Length == 0 && allowEmpty ? null
        : ae.Length is 0 or > MaxAeTitle || ae.Any(c => c is < ' ' or > '~' or '\\') || ae.Trim().Length == 0
            ? $"'{text}': '{ae}' is not an AE title (1 to {MaxAeTitle} printable ASCII characters, no backslash)"
            : null;

    private static string? HostProblem(string? host, string text) =>
        host is not null && (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            ? $"'{text}': the host after '@' is empty or has spaces"
            : null;

    private static string? PortProblem(uint? port, string? host, string text) =>
        port is null ? null
        : host is null ? $"'{text}': a port needs a host (AE@HOST:PORT)"
        : port is < 1 or > 65535 ? $"'{text}': the port must be 1 to 65535"
        : null;
}
