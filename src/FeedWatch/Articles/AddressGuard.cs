using System.Net;
using System.Net.Sockets;

namespace FeedWatch.Articles;

/// <summary>
/// Keeps links found in feeds away from the machine's own network: loopback, private, shared (CGNAT),
/// link-local (and with it the cloud metadata service at 169.254.169.254), multicast, unspecified and other
/// special-purpose addresses. A feed may allow networks of its own (an intranet news server, or the tests'
/// server on 127.0.0.1). The check runs on the addresses a name resolves to, when the connection is made,
/// so it holds for every redirect and cannot be outrun by a DNS answer that changes between check and use.
/// </summary>
internal static class AddressGuard
{
    private static readonly (IPNetwork Network, string Kind)[] Special =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified (\"this network\")"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared (carrier-grade NAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local (where cloud metadata services answer)"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "special-purpose (IETF protocol assignments)"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved (and broadcast)"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "special-purpose (local NAT64)"),
        (IPNetwork.Parse("100::/64"), "discard-only"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation"),
        (IPNetwork.Parse("fc00::/7"), "private (unique local, where some cloud metadata services answer)"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    /// <summary>What kind of non-public address this is ("loopback", "private", ...), or null for a public one.</summary>
    public static string? NonPublicKind(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        // ::ffff:127.0.0.1 is 127.0.0.1; an IPv4-compatible or mapped address is judged as IPv4.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var (network, kind) in Special)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)) return kind;
        }
        return null;
    }

    /// <summary>True when a connection to <paramref name="address"/> is allowed: a public address, or one in a network the feed allows.</summary>
    public static bool IsAllowed(IPAddress address, IReadOnlyList<IPNetwork> allowed, out string? kind)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(allowed);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        kind = NonPublicKind(address);
        if (kind is null) return true;
        foreach (var network in allowed)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)) return true;
        }
        return false;
    }

    /// <summary>
    /// Resolves <paramref name="host"/> and connects to the first address it may; throws
    /// <see cref="BlockedAddressException"/> naming the address and its kind when none is allowed.
    /// </summary>
    public static async Task<Stream> ConnectAsync(
        DnsEndPoint endPoint,
        IReadOnlyList<IPNetwork> allowed,
        Func<string, CancellationToken, Task<IPAddress[]>> resolve,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(resolve);
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await resolve(endPoint.Host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        string? refused = null;
        SocketException? lastError = null;
        foreach (var address in addresses)
        {
            if (!IsAllowed(address, allowed, out var kind))
            {
                refused ??= $"{endPoint.Host} is {(literal is null ? "resolved to " : "")}{address}, a {kind} address";
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        if (lastError is not null) throw lastError;
        throw new BlockedAddressException(
            $"refused: {refused}; links from feeds never reach loopback, private, link-local, multicast or metadata addresses " +
            "(list the network under the feed's AllowPrivateNetworks to allow it)");
    }
}

/// <summary>A connection the address guard refused: the message names the host, the address and its kind.</summary>
internal sealed class BlockedAddressException : IOException
{
    public BlockedAddressException()
    {
    }

    public BlockedAddressException(string message) : base(message)
    {
    }

    public BlockedAddressException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
