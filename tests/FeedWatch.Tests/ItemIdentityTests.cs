using FeedWatch.Feeds;

namespace FeedWatch.Tests;

public sealed class ItemIdentityTests
{
    private static readonly Uri Feed = new("https://news.example/rss/world.xml");

    [Fact]
    public void The_guid_is_the_identity_when_there_is_one()
    {
        Assert.Equal("guid:abc-1", ItemIdentity.Of(" abc-1 ", "https://news.example/a", "hash"));
    }

    [Fact]
    public void Without_a_guid_the_canonical_link_is_the_identity()
    {
        Assert.Equal("link:https://news.example/a", ItemIdentity.Of(null, "https://news.example/a", "hash"));
    }

    [Fact]
    public void Without_guid_or_link_the_content_hash_is_the_identity()
    {
        Assert.Equal("hash:h1", ItemIdentity.Of("", null, "h1"));
    }

    [Theory]
    [InlineData("HTTPS://News.Example:443/World/Story?utm_source=rss&utm_campaign=x&id=7#comments", "https://news.example/World/Story?id=7")]
    [InlineData("http://news.example:80/a?fbclid=123&gclid=9", "http://news.example/a")]
    [InlineData("https://news.example:8443/a?b=1&utm_medium=feed&c=2", "https://news.example:8443/a?b=1&c=2")]
    [InlineData("/world/story-1", "https://news.example/world/story-1")]
    [InlineData("story-2", "https://news.example/rss/story-2")]
    public void Canonical_links_lower_case_scheme_and_host_and_drop_tracking_parameters(string link, string expected)
    {
        Assert.Equal(expected, ItemIdentity.CanonicalLink(link, Feed));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:desk@news.example")]
    [InlineData("   ")]
    public void Links_that_are_not_http_have_no_canonical_form(string link)
    {
        Assert.Null(ItemIdentity.CanonicalLink(link, Feed));
    }

    [Fact]
    public void An_edited_title_keeps_the_identity_but_changes_the_content_hash()
    {
        var before = ItemIdentity.ContentHash("Leaders to meet", "Text");
        var after = ItemIdentity.ContentHash("Leaders to meet on Friday", "Text");
        Assert.NotEqual(before, after);
        Assert.Equal(ItemIdentity.Of("g", null, before), ItemIdentity.Of("g", null, after));
    }
}

public sealed class JitterTests
{
    [Fact]
    public void A_thousand_feeds_spread_over_the_window_and_keep_their_slot()
    {
        var window = TimeSpan.FromMinutes(1);
        var offsets = Enumerable.Range(1, 1000).Select(i => FeedWatch.Jobs.Jitter.Offset($"feed{i}", window)).ToList();

        Assert.All(offsets, o => Assert.InRange(o, TimeSpan.Zero, window));
        // 1,000 feeds over 60 seconds: about 17 a second; no second gets a crowd.
        Assert.True(offsets.GroupBy(o => (int)o.TotalSeconds).Max(g => g.Count()) <= 40);
        Assert.Equal(60, offsets.Select(o => (int)o.TotalSeconds).Distinct().Count());
        Assert.Equal(offsets[41], FeedWatch.Jobs.Jitter.Offset("FEED42", window));
    }

    [Fact]
    public void No_window_means_no_offset()
    {
        Assert.Equal(TimeSpan.Zero, FeedWatch.Jobs.Jitter.Offset("feed", TimeSpan.Zero));
    }
}
