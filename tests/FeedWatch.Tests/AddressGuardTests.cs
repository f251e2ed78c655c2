using System.Net;
using System.Net.Sockets;
using FeedWatch.Articles;

namespace FeedWatch.Tests;

/// <summary>Links from feeds reach public addresses only, unless the feed allows a network of its own.</summary>
public class AddressGuardTests
{
    [Theory]
    // ---- the machine itself and its networks ---------------------------------------------------------------
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("fd12:3456::1", "private (unique local, where some cloud metadata services answer)")]
    [InlineData("100.64.0.1", "shared (carrier-grade NAT)")]
    // ---- link-local, where cloud metadata services answer ----------------------------------------------------
    [InlineData("169.254.169.254", "link-local (where cloud metadata services answer)")]
    [InlineData("fe80::1", "link-local")]
    // ---- nobody's address ----------------------------------------------------------------------------------
    [InlineData("0.0.0.0", "unspecified (\"this network\")")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "reserved (and broadcast)")]
    [InlineData("192.0.2.10", "documentation")]
    public void A_non_public_address_is_named_by_its_kind(string address, string kind)
    {
        Assert.Equal(kind, AddressGuard.NonPublicKind(IPAddress.Parse(address)));
        Assert.False(AddressGuard.IsAllowed(IPAddress.Parse(address), [], out _));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:8.8.8.8")]
    public void A_public_address_is_allowed(string address)
    {
        Assert.Null(AddressGuard.NonPublicKind(IPAddress.Parse(address)));
        Assert.True(AddressGuard.IsAllowed(IPAddress.Parse(address), [], out _));
    }

    [Fact]
    public void A_network_the_feed_allows_is_reachable_and_its_neighbours_are_not()
    {
        IReadOnlyList<IPNetwork> allowed = [IPNetwork.Parse("10.20.0.0/16"), IPNetwork.Parse("127.0.0.1/32")];

        Assert.True(AddressGuard.IsAllowed(IPAddress.Parse("10.20.5.6"), allowed, out _));
        Assert.True(AddressGuard.IsAllowed(IPAddress.Parse("127.0.0.1"), allowed, out _));
        Assert.False(AddressGuard.IsAllowed(IPAddress.Parse("10.21.0.1"), allowed, out _));
        Assert.False(AddressGuard.IsAllowed(IPAddress.Parse("127.0.0.2"), allowed, out _));
        Assert.False(AddressGuard.IsAllowed(IPAddress.Parse("169.254.169.254"), allowed, out _));
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_after_resolution_with_a_message_naming_both()
    {
        static Task<IPAddress[]> Resolve(string host, CancellationToken _) => Task.FromResult(new[] { IPAddress.Parse("127.0.0.1") });

        var e = await Assert.ThrowsAsync<BlockedAddressException>(() => AddressGuard.ConnectAsync(new DnsEndPoint("news.example", 80), [], Resolve, CancellationToken.None));

        Assert.Contains("news.example is resolved to 127.0.0.1, a loopback address", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPrivateNetworks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_with_a_public_and_a_private_address_connects_only_to_an_allowed_one()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // The first answer is refused; the second is in the allowed network and accepts.
        static Task<IPAddress[]> Resolve(string host, CancellationToken _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254"), IPAddress.Parse("127.0.0.1") });

        var accept = listener.AcceptTcpClientAsync();
        await using var stream = await AddressGuard.ConnectAsync(new DnsEndPoint("intranet.example", port), [IPNetwork.Parse("127.0.0.1/32")], Resolve, CancellationToken.None);
        using var accepted = await accept;

        Assert.True(accepted.Connected);
    }
}
