using System.Globalization;
using System.Text;
using FeedWatch.Feeds;

namespace FeedWatch.Tests;

/// <summary>
/// The parser from bytes in files: each fixture reproduces something real feeds do, and its golden file
/// (<c>NAME.golden.txt</c> beside it) says what the parser must make of it. Set FEEDWATCH_UPDATE_GOLDEN=1 to
/// rewrite the golden files after a deliberate change, then read the diff.
/// </summary>
public sealed class FeedParserTests
{
    private static readonly Uri FeedUrl = new("https://feeds.example/feed.xml");

    public static TheoryData<string> FeedFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Fixtures.Feeds, "*.xml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (f is not "empty.xml") data.Add(f!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FeedFixtures))]
    public void Each_fixture_parses_to_its_golden_output(string fixture)
    {
        var actual = Render(FeedParser.Parse(Fixtures.Feed(fixture), null, FeedUrl));
        var golden = Path.Combine(Fixtures.Feeds, fixture + ".golden.txt");
        if (Environment.GetEnvironmentVariable("FEEDWATCH_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Fixtures.SourceFeeds, fixture + ".golden.txt"), actual);
            return;
        }
        Assert.True(File.Exists(golden), $"no golden file for {fixture}; run with FEEDWATCH_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    [Fact]
    public void Windows_1251_without_any_declaration_is_read_as_Cyrillic()
    {
        var feed = FeedParser.Parse(Fixtures.Feed("windows-1251-undeclared.xml"));
        Assert.Equal("windows-1251", feed.Encoding);
        Assert.Equal("Путин и Си Цзиньпин встретятся в Пекине", feed.Items[0].Title);
    }

    [Fact]
    public void Charset_from_the_HTTP_header_wins_over_detection()
    {
        var bytes = Encoding.GetEncoding("koi8-r", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback) is { } koi
            ? koi.GetBytes("<rss version=\"2.0\"><channel><title>Новости</title></channel></rss>")
            : throw new InvalidOperationException();
        Assert.Equal("Новости", FeedParser.Parse(bytes, "koi8-r").Title);
    }

    [Fact]
    public void Latin1_bytes_declared_as_UTF8_are_read_as_windows_1252_with_a_warning()
    {
        var feed = FeedParser.Parse(Fixtures.Feed("utf8-declared-latin1-bytes.xml"));
        Assert.Equal("Rencontre à Genève: café et déjeuner", feed.Items[0].Title);
        Assert.Contains(feed.Repairs, r => r.Contains("not UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_cut_short_keeps_its_complete_items_and_says_so()
    {
        var feed = FeedParser.Parse(Fixtures.Feed("truncated.xml"));
        Assert.Equal(["First complete item", "Second complete item"], feed.Items.Select(i => i.Title));
        Assert.Contains(feed.Repairs, r => r.Contains("line 5, position 40", StringComparison.Ordinal) && r.Contains("kept the items before it", StringComparison.Ordinal));
    }

    [Fact]
    public void A_web_page_is_refused_with_a_message_that_says_it_is_a_web_page()
    {
        var e = Assert.Throws<FeedParseException>(() => FeedParser.Parse(Fixtures.Feed("not-a-feed.html")));
        Assert.Contains("root element is <html>", e.Message, StringComparison.Ordinal);
        Assert.Contains("web page", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[<rss version=\"2.0\"></rss>")]
    [InlineData("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [}")]
    [InlineData("{\"title\": \"not a feed\"}")]
    public void JSON_that_is_not_a_JSON_Feed_is_refused_as_such(string text)
    {
        var e = Assert.Throws<FeedParseException>(() => FeedParser.Parse(System.Text.Encoding.UTF8.GetBytes(text)));
        Assert.Equal("not a JSON Feed", e.Reason);
    }

    [Fact]
    public void An_empty_body_is_refused_as_empty()
    {
        var e = Assert.Throws<FeedParseException>(() => FeedParser.Parse(Fixtures.Feed("empty.xml")));
        Assert.Equal("empty document", e.Reason);
    }

    [Fact]
    public void A_broken_item_is_not_read_and_the_warning_says_where_it_broke()
    {
        var feed = FeedParser.Parse("<rss version=\"2.0\"><channel><title>x</title><item><title>a</titl></item></channel></rss>"u8);
        Assert.Empty(feed.Items);
        Assert.Contains(feed.Repairs, r => r.Contains("line 1, position", StringComparison.Ordinal));
    }

    [Fact]
    public void XML_broken_before_any_item_is_refused_with_line_and_position()
    {
        var e = Assert.Throws<FeedParseException>(() => FeedParser.Parse("<rss version=\"2.0\"><channel><title>x</titl></channel></rss>"u8));
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undeclared_namespace_prefixes_are_declared_so_the_feed_reads()
    {
        var feed = FeedParser.Parse("<rss version=\"2.0\"><channel><title>Pod</title><itunes:author>A</itunes:author><item><title>One</title><guid>1</guid><media:thumbnail url=\"x\"/></item></channel></rss>"u8);
        Assert.Equal("One", Assert.Single(feed.Items).Title);
        Assert.Contains(feed.Repairs, r => r.Contains("itunes, media", StringComparison.Ordinal));
    }

    [Fact]
    public void DOCTYPE_text_inside_an_item_is_content_not_a_DOCTYPE()
    {
        var feed = FeedParser.Parse("<rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><description><![CDATA[ <!DOCTYPE ]]></description></item></channel></rss>"u8);
        Assert.Equal("<!DOCTYPE", Assert.Single(feed.Items).Text);
    }

    [Fact]
    public void A_DOCTYPE_with_entity_definitions_is_never_expanded()
    {
        // The billion laughs: an entity that expands to gigabytes. It must be dropped, not expanded.
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            + "<rss version=\"2.0\"><channel><title>&c;</title></channel></rss>";
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(xml));
        Assert.Equal("&c;", feed.Title);
    }

    [Fact]
    public void Items_beyond_the_cap_are_not_read_and_the_cap_is_reported()
    {
        var sb = new StringBuilder("<rss version=\"2.0\"><channel><title>Many</title>");
        for (var i = 0; i < 30; i++) sb.Append(CultureInfo.InvariantCulture, $"<item><title>t{i}</title><guid>g{i}</guid></item>");
        sb.Append("</channel></rss>");
        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(sb.ToString()), maxItems: 10);
        Assert.Equal(10, feed.Items.Count);
        Assert.Contains(feed.Repairs, r => r.Contains("MaxItemsPerFeed", StringComparison.Ordinal));
    }

    internal static string Render(ParsedFeed feed)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"format: {feed.Format}\ntitle: {feed.Title}\nencoding: {feed.Encoding}\n");
        foreach (var r in feed.Repairs) sb.Append(CultureInfo.InvariantCulture, $"repair: {r}\n");
        foreach (var i in feed.Items)
        {
            var link = ItemIdentity.CanonicalLink(i.Link, FeedUrl);
            var identity = ItemIdentity.Of(i.EntryId, link, ItemIdentity.ContentHash(i.Title, i.Text));
            sb.Append(CultureInfo.InvariantCulture, $"item: {identity}\n  title: {i.Title}\n  published: {i.PublishedUtc?.ToString("o", CultureInfo.InvariantCulture) ?? "-"}\n  link: {i.Link ?? "-"}\n");
            foreach (var line in i.Text.Split('\n')) sb.Append(CultureInfo.InvariantCulture, $"  | {line}\n");
        }
        return sb.ToString();
    }
}

/// <summary>Whatever the bytes, the parser returns a feed or a FeedParseException: never anything else.</summary>
public sealed class FeedParserRobustnessTests
{
    private static readonly byte[] Hostile = [.. "<>&;\"'/![]=?#x"u8, 0x00, 0x0B, 0x80, 0xC3, 0xFF, 0xEF, 0xBB, 0xBF];

    public static TheoryData<string> Fixtures() => FeedParserTests.FeedFixtures();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_prefix_of_a_fixture_parses_or_fails_with_a_parse_error(string fixture)
    {
        var bytes = FeedWatch.Tests.Fixtures.Feed(fixture);
        for (var cut = 0; cut <= bytes.Length; cut += 3) Check(bytes.AsSpan(0, cut).ToArray(), $"{fixture} cut at {cut}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_fixture_with_bytes_overwritten_parses_or_fails_with_a_parse_error(string fixture)
    {
        var random = new Random(fixture.Length);
        var original = FeedWatch.Tests.Fixtures.Feed(fixture);
        for (var round = 0; round < 200; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = 0; k < 3; k++) bytes[random.Next(bytes.Length)] = Hostile[random.Next(Hostile.Length)];
            Check(bytes, $"{fixture} round {round}");
        }
    }

    private static void Check(byte[] bytes, string what)
    {
        try
        {
            FeedParser.Parse(bytes);
        }
        catch (FeedParseException)
        {
            // a clear, recorded failure: fine
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
    }
}
