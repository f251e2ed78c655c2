using System.Globalization;
using System.Net;
using System.Text;
using FeedWatch.Storage;
using Microsoft.AspNetCore.Http;

namespace FeedWatch.IntegrationTests;

/// <summary>
/// Feed items whose story is on the linked page: the page is fetched from a real server, extracted and
/// analysed; what may not be fetched (loopback without an allowance, a redirect to the metadata address, a
/// file: link, a page without end, a slow one, a throttled host) is refused with a reason recorded on the item,
/// and the item is read from the feed instead: nothing is skipped.
/// </summary>
[Collection(UsesPostgres.Name)]
public sealed class ArticleTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Recent = DateTimeOffset.UtcNow.AddHours(-1);
    private FeedServer _server = null!;
    private readonly string _dir = Worker.NewDataDirectory();

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    // The feed says little; the page has the meeting, its place and date, and who said so.
    private const string FeedText = "Leaders are expected to discuss energy and grain exports.";

    private static string StoryPage(string headline) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{headline}} | Example Wire</title>
        <meta property="og:site_name" content="Example Wire">
        <meta property="article:published_time" content="{{Recent.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}">
        </head><body>
        <nav class="site-nav"><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
        <article>
          <h1>{{headline}}</h1>
          <p class="byline">By A. Reporter</p>
          <p>Russian President Vladimir Putin will meet Turkish President Recep Tayyip Erdogan in Sochi on Friday, Kremlin spokesman Dmitry Peskov told reporters on Monday.</p>
          <p>The two leaders are expected to discuss the grain corridor through the Black Sea, gas supplies and the war in Ukraine, Peskov said, adding that the agenda was still being finalised.</p>
          <p>Ankara has not confirmed the date, but a Turkish official said preparations for the visit were under way and that the talks could run into the evening.</p>
          <div class="newsletter-signup"><p>Sign up for our daily briefing. Get the news that matters in your inbox every morning.</p></div>
          <p>Erdogan last hosted Putin in Ankara in 2022, when the two discussed a prisoner exchange and shipments of fertiliser from Russian ports.</p>
        </article>
        <aside class="related"><ul><li><a href="/a">Markets rally</a></li><li><a href="/b">Storm hits coast</a></li></ul></aside>
        <footer>© 2026 Example Wire. All rights reserved.</footer>
        </body></html>
        """;

    private static string Rss(params (string Guid, string Title, string Link)[] items)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Example Wire</title>\n");
        foreach (var (guid, title, link) in items)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"<item><title>{WebUtility.HtmlEncode(title)}</title><guid isPermaLink=\"false\">{guid}</guid><link>{WebUtility.HtmlEncode(link)}</link><pubDate>{Recent.ToString("R", CultureInfo.InvariantCulture)}</pubDate><description>{WebUtility.HtmlEncode(FeedText)}</description></item>\n");
        }
        return sb.Append("</channel></rss>\n").ToString();
    }

    private void MapPage(string path, string html) => _server.Map(path, ctx => FeedServer.Send(ctx, Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8"));

    private async Task<Worker> WorkerAsync(object feeds, object? articles = null, StoreKind store = StoreKind.Sqlite) => await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new
    {
        DataDirectory = _dir,
        Feeds = feeds,
        Polling = new { Timeout = "00:00:10" },
        Articles = articles ?? new { Timeout = "00:00:05" },
    }));

    private object Feed(string name, bool allowLoopback = true) => allowLoopback
        ? new { Name = name, Url = _server.Url("/" + name).ToString(), AllowPrivateNetworks = new[] { "127.0.0.1" } }
        : new { Name = name, Url = _server.Url("/" + name).ToString(), AllowPrivateNetworks = Array.Empty<string>() };

    [Theory, BothStores]
    public async Task An_item_is_analysed_from_its_linked_page_with_the_pages_speakers_place_and_date(StoreKind store)
    {
        MapPage("/story/putin-erdogan", StoryPage("Putin to meet Erdogan in Sochi"));
        _server.MapFeed("/wire", Rss(("a", "Putin and Erdogan to talk grain", _server.Url("/story/putin-erdogan").ToString())));
        await using var worker = await WorkerAsync(new[] { Feed("wire") }, store: store);

        var poll = await worker.PollAsync("wire");

        Assert.Equal((1, 1, 0), (poll.NewItems, poll.Pages, poll.PageFailures));
        var item = Assert.Single(await ItemsAsync(worker));
        Assert.Equal(_server.Url("/story/putin-erdogan").ToString(), item.ArticleUrl);
        Assert.Null(item.ArticleError);
        await worker.DigestAsync();
        var story = Assert.Single(await worker.AllStoriesAsync());
        Assert.NotNull(story.AnnouncedDigestId);
        var report = Assert.Single(story.Reports);
        Assert.Equal(["Recep Tayyip Erdogan", "Vladimir Putin"], report.Meeting.Participants.Order());
        Assert.Equal("Sochi", report.Meeting.Where);
        Assert.Contains(report.Meeting.Claims, c => c.Speaker == "Dmitry Peskov" && c.Side == "Russia");
        Assert.DoesNotContain(report.Meeting.Claims, c => c.Sentence.Contains("Sign up", StringComparison.Ordinal));
    }

    [Theory, BothStores]
    public async Task A_page_linked_from_two_feeds_is_fetched_once(StoreKind store)
    {
        MapPage("/story/shared", StoryPage("Putin to meet Erdogan in Sochi"));
        var link = _server.Url("/story/shared").ToString();
        _server.MapFeed("/first", Rss(("a", "Putin and Erdogan to talk grain", link)));
        _server.MapFeed("/second", Rss(("syndicated-a", "Putin, Erdogan to meet", link)));
        await using var worker = await WorkerAsync(new[] { Feed("first"), Feed("second") }, store: store);

        var polls = await Task.WhenAll(worker.PollAsync("first"), worker.PollAsync("second"));
        var third = await worker.PollAsync("first");

        Assert.Equal(1, _server.Hits("/story/shared"));
        Assert.All(polls, p => Assert.Equal((1, 1, 0), (p.NewItems, p.Pages, p.PageFailures)));
        Assert.Equal(0, third.NewItems);
        Assert.All(await ItemsAsync(worker), i => Assert.Equal(link, i.ArticleUrl));
        Assert.Equal(1L, await ScalarAsync(worker, "SELECT COUNT(*) FROM pages;"));
    }

    [Fact]
    public async Task A_link_to_loopback_is_refused_without_an_allowance_and_the_item_is_read_from_the_feed()
    {
        MapPage("/story/local", StoryPage("Putin to meet Erdogan in Sochi"));
        _server.MapFeed("/wire", Rss(("a", "Putin and Erdogan to meet in Sochi", _server.Url("/story/local").ToString())));
        await using var worker = await WorkerAsync(new[] { Feed("wire", allowLoopback: false) });

        var poll = await worker.PollAsync("wire");

        Assert.Equal(0, _server.Hits("/story/local"));
        Assert.Equal((1, 0, 1, 1), (poll.NewItems, poll.Pages, poll.PageFailures, poll.Meetings));
        var item = Assert.Single(await ItemsAsync(worker));
        Assert.Null(item.ArticleUrl);
        Assert.Contains("127.0.0.1, a loopback address", item.ArticleError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_the_cloud_metadata_address_is_refused()
    {
        _server.Map("/story/moved", ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        });
        _server.MapFeed("/wire", Rss(("a", "Putin and Erdogan to meet in Sochi", _server.Url("/story/moved").ToString())));
        await using var worker = await WorkerAsync(new[] { Feed("wire") });

        var poll = await worker.PollAsync("wire");

        Assert.Equal(1, _server.Hits("/story/moved"));
        Assert.Equal((1, 1), (poll.PageFailures, poll.Meetings));
        Assert.Contains("169.254.169.254, a link-local", Assert.Single(await ItemsAsync(worker)).ArticleError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_a_loopback_address_the_feed_does_not_allow_is_refused_at_the_redirect()
    {
        await using var other = await FeedServer.StartAsync(IPAddress.Parse("127.0.0.2"));
        other.Map("/internal", ctx => FeedServer.Send(ctx, Encoding.UTF8.GetBytes(StoryPage("Internal")), "text/html"));
        _server.Map("/story/hop", ctx =>
        {
            ctx.Response.StatusCode = 301;
            ctx.Response.Headers.Location = other.Url("/internal").ToString();
            return Task.CompletedTask;
        });
        _server.MapFeed("/wire", Rss(("a", "Putin and Erdogan to meet in Sochi", _server.Url("/story/hop").ToString())));
        await using var worker = await WorkerAsync(new[] { Feed("wire") }); // allows 127.0.0.1 only

        await worker.PollAsync("wire");

        Assert.Equal((1, 0), (_server.Hits("/story/hop"), other.Hits("/internal")));
        Assert.Contains("127.0.0.2, a loopback address", Assert.Single(await ItemsAsync(worker)).ArticleError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_link_is_not_followed()
    {
        _server.MapFeed("/wire", Rss(("a", "Putin and Erdogan to meet in Sochi", "file:///etc/passwd")));
        await using var worker = await WorkerAsync(new[] { Feed("wire") });

        var poll = await worker.PollAsync("wire");

        Assert.Equal((1, 1), (poll.PageFailures, poll.Meetings));
        Assert.Contains("file: address; only http and https links are", Assert.Single(await ItemsAsync(worker)).ArticleError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_never_ends_is_cut_off_at_the_size_limit()
    {
        _server.Map("/story/endless", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            var chunk = Encoding.UTF8.GetBytes("<p>" + new string('x', 4000) + "</p>\n");
            // Bounded even if nobody stops reading: at most 64 MB.
            for (var i = 0; i < 16_000 && !ctx.RequestAborted.IsCancellationRequested; i++) await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
        });
        _server.MapFeed("/wire", Rss(("a", "Putin and Erdogan to meet in Sochi", _server.Url("/story/endless").ToString())));
        await using var worker = await WorkerAsync(new[] { Feed("wire") }, new { Timeout = "00:00:30", MaxPageBytes = 65536 });

        var poll = await worker.PollAsync("wire");

        Assert.Equal((1, 1), (poll.PageFailures, poll.Meetings));
        Assert.Contains("larger than the 65,536-byte limit (stopped reading at the limit); raise FeedWatch:Articles:MaxPageBytes",
            Assert.Single(await ItemsAsync(worker)).ArticleError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_announcing_100_MB_is_refused_before_its_body_is_read()
    {
        _server.Map("/story/huge", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            ctx.Response.ContentLength = 100L * 1024 * 1024;
            await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<html>"), ctx.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        _server.MapFeed("/wire", Rss(("a", "Putin and Erdogan to meet in Sochi", _server.Url("/story/huge").ToString())));
        await using var worker = await WorkerAsync(new[] { Feed("wire") });

        await worker.PollAsync("wire");

        Assert.Contains("(Content-Length 104,857,600)", Assert.Single(await ItemsAsync(worker)).ArticleError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_page_times_out_and_the_item_is_read_from_the_feed()
    {
        _server.Map("/story/slow", async ctx =>
        {
            await Task.Delay(TimeSpan.FromSeconds(15), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!ctx.RequestAborted.IsCancellationRequested) await FeedServer.Send(ctx, Encoding.UTF8.GetBytes(StoryPage("Late")), "text/html");
        });
        _server.MapFeed("/wire", Rss(("a", "Putin and Erdogan to meet in Sochi", _server.Url("/story/slow").ToString())));
        await using var worker = await WorkerAsync(new[] { Feed("wire") }, new { Timeout = "00:00:01" });

        var poll = await worker.PollAsync("wire");

        Assert.Equal((1, 1), (poll.PageFailures, poll.Meetings));
        Assert.Contains("timed out after 1 s (FeedWatch:Articles:Timeout)", Assert.Single(await ItemsAsync(worker)).ArticleError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_linked_document_that_is_not_a_web_page_is_not_extracted()
    {
        _server.Map("/story/report.pdf", ctx => FeedServer.Send(ctx, Encoding.ASCII.GetBytes("%PDF-1.7\n%binary"), "application/pdf"));
        _server.MapFeed("/wire", Rss(("a", "Putin and Erdogan to meet in Sochi", _server.Url("/story/report.pdf").ToString())));
        await using var worker = await WorkerAsync(new[] { Feed("wire") });

        await worker.PollAsync("wire");

        Assert.Contains("not a web page (Content-Type application/pdf)", Assert.Single(await ItemsAsync(worker)).ArticleError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_asks_to_wait_is_not_asked_again_before_its_Retry_After()
    {
        _server.Map("/story/one", ctx =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        });
        MapPage("/story/two", StoryPage("Putin to meet Erdogan in Sochi"));
        _server.MapFeed("/first", Rss(("a", "Putin and Erdogan to meet in Sochi", _server.Url("/story/one").ToString())));
        _server.MapFeed("/second", Rss(("b", "Putin and Erdogan to meet in Sochi", _server.Url("/story/two").ToString())));
        await using var worker = await WorkerAsync(new[] { Feed("first"), Feed("second") });

        await worker.PollAsync("first");
        var second = await worker.PollAsync("second");

        Assert.Equal((1, 0), (_server.Hits("/story/one"), _server.Hits("/story/two")));
        Assert.Equal(1, second.PageFailures);
        var items = await ItemsAsync(worker);
        Assert.Contains(items, i => i.ArticleError?.Contains("HTTP 429", StringComparison.Ordinal) == true);
        Assert.Contains(items, i => i.ArticleError?.Contains("asked to wait until", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Items_beyond_the_pages_per_poll_limit_are_read_from_the_feed_and_say_why()
    {
        MapPage("/story/1", StoryPage("One"));
        MapPage("/story/2", StoryPage("Two"));
        _server.MapFeed("/wire", Rss(("a", "Putin and Erdogan to meet in Sochi", _server.Url("/story/1").ToString()), ("b", "Putin and Erdogan to meet", _server.Url("/story/2").ToString())));
        await using var worker = await WorkerAsync(new[] { Feed("wire") }, new { Timeout = "00:00:05", MaxPagesPerPoll = 1 });

        var poll = await worker.PollAsync("wire");

        Assert.Equal((2, 1, 1), (poll.NewItems, poll.Pages, poll.PageFailures));
        Assert.Contains(await ItemsAsync(worker), i => i.ArticleError == "not fetched: more than 1 new items in one poll (FeedWatch:Articles:MaxPagesPerPoll)");
    }

    private sealed record ItemRow(string Identity, string? ArticleUrl, string? ArticleError);

    private static Task<List<ItemRow>> ItemsAsync(Worker worker) =>
        worker.QueryAsync("SELECT identity, article_url, article_error FROM items ORDER BY id;",
            r => new ItemRow(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));

    private static async Task<long> ScalarAsync(Worker worker, string sql) => (await worker.QueryAsync(sql, r => r.GetInt64(0))).Single();
}
