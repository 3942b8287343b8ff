using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Edge.Workspaces.Definitions;

/// <summary>
/// Matches a peer's address against a configured host: an IP address, a CIDR block, or a host name resolved with the
/// system resolver (answers cached for a minute so an association does not wait on DNS each time).
/// </summary>
internal static class HostMatcher
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);
    private static readonly ConcurrentDictionary<string, (DateTimeOffset At, IPAddress[] Addresses)> s_resolved =
        new(StringComparer.OrdinalIgnoreCase);

    public static async ValueTask<bool> MatchesAsync(string? host, IPAddress? remote, CancellationToken cancellationToken)
    {
        if (host is null)
        {
            return true;
        }
        if (remote is null)
        {
            return false;
        }
        var address = Canonical(remote);
        if (IPAddress.TryParse(host, out var literal))
        {
            return Canonical(literal).Equals(address);
        }
        if (IPNetwork.TryParse(host, out var network))
        {
            return network.Contains(address) || network.Contains(remote);
        }
        var resolved = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        return resolved.Any(a => Canonical(a).Equals(address));
    }

    public static void Require(string? host, string field)
    {
        if (host is null)
        {
            return;
        }
        if (host.Length == 0 || host.Length > 253 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new WorkspaceDefinitionException($"{field} must be an IP address, a CIDR block or a host name.");
        }
        if (host.Contains('/') && !IPNetwork.TryParse(host, out _))
        {
            throw new WorkspaceDefinitionException($"{field}: \"{host}\" is not a valid CIDR block.");
        }
    }

    /// <summary>IPv4 peers accepted on a dual-stack socket arrive as ::ffff:a.b.c.d.</summary>
    private static IPAddress Canonical(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (s_resolved.TryGetValue(host, out var cached) && DateTimeOffset.UtcNow - cached.At < CacheLifetime)
        {
            return cached.Addresses;
        }
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // An unresolvable host matches nobody; it is not cached so a fixed DNS entry takes effect at once.
            return [];
        }
        s_resolved[host] = (DateTimeOffset.UtcNow, addresses);
        return addresses;
    }
}
