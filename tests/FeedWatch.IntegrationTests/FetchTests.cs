using System.IO.Compression;
using System.Text;
using FeedWatch.Feeds;
using Microsoft.AspNetCore.Http;

namespace FeedWatch.IntegrationTests;

/// <summary>
/// A feed server answering as real ones do, and the state FeedWatch records for each answer. Each test polls
/// through the real fetcher, parser, analyser and SQLite store (the state checks on the PostgreSQL store too).
/// </summary>
[Collection(UsesPostgres.Name)]
public sealed class FetchTests(PostgresServer postgres) : IAsyncLifetime
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

    private Task<Worker> WorkerAsync(object? polling = null, params string[] paths) => WorkerOnAsync(StoreKind.Sqlite, polling, paths);

    private async Task<Worker> WorkerOnAsync(StoreKind store, object? polling, params string[] paths) => await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new
    {
        DataDirectory = _dir,
        Feeds = paths.Select(p => new { Name = p.Trim('/'), Url = _server.Url(p).ToString() }).ToArray(),
        Polling = polling ?? new { Timeout = "00:00:05" },
    }));

    [Theory, BothStores]
    public async Task A_feed_with_an_ETag_is_asked_conditionally_and_a_304_adds_nothing(StoreKind store)
    {
        var xml = FeedServer.Rss("Wire", FeedServer.Meeting("a", Recent), FeedServer.Plain("b", Recent));
        _server.Map("/etag", async ctx =>
        {
            if (ctx.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                ctx.Response.StatusCode = 304;
                return;
            }
            ctx.Response.Headers.ETag = "\"v1\"";
            ctx.Response.Headers.LastModified = "Tue, 24 Nov 2026 06:00:00 GMT";
            await FeedServer.Send(ctx, Encoding.UTF8.GetBytes(xml));
        });
        await using var worker = await WorkerOnAsync(store, null, "/etag");

        var first = await worker.PollAsync("etag");
        var second = await worker.PollAsync("etag");

        Assert.Equal((PollOutcome.Updated, 2, 1), (first.Outcome, first.NewItems, first.Meetings));
        Assert.Equal((PollOutcome.NotModified, 0), (second.Outcome, second.NewItems));
        var state = await worker.FeedAsync("etag");
        Assert.Equal(("\"v1\"", "Tue, 24 Nov 2026 06:00:00 GMT", 0, 2L), (state.ETag, state.LastModified, state.ErrorCount, state.ItemCount));
        var conditional = _server.Requests.Last(r => r.Path == "/etag").Headers;
        Assert.Equal("\"v1\"", conditional["If-None-Match"]);
        Assert.Equal("Tue, 24 Nov 2026 06:00:00 GMT", conditional["If-Modified-Since"]);
    }

    [Fact]
    public async Task A_permanent_redirect_moves_the_feed_and_the_next_poll_goes_straight_there()
    {
        _server.Map("/old", ctx =>
        {
            ctx.Response.StatusCode = 301;
            ctx.Response.Headers.Location = "/new";
            return Task.CompletedTask;
        });
        _server.MapFeed("/new", FeedServer.Rss("Moved", FeedServer.Plain("m1", Recent)));
        await using var worker = await WorkerAsync(null, "/old");

        Assert.Equal(PollOutcome.Updated, (await worker.PollAsync("old")).Outcome);
        Assert.Equal(_server.Url("/new"), (await worker.FeedAsync("old")).Url);
        Assert.Equal(PollOutcome.Updated, (await worker.PollAsync("old")).Outcome);
        Assert.Equal((1, 2), (_server.Hits("/old"), _server.Hits("/new")));
        Assert.Equal(1L, (await worker.FeedAsync("old")).ItemCount);
    }

    [Fact]
    public async Task A_temporary_redirect_is_followed_but_not_remembered()
    {
        _server.Map("/tmp", ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = _server.Url("/elsewhere").ToString();
            return Task.CompletedTask;
        });
        _server.MapFeed("/elsewhere", FeedServer.Rss("Elsewhere", FeedServer.Plain("e1", Recent)));
        await using var worker = await WorkerAsync(null, "/tmp");

        Assert.Equal(PollOutcome.Updated, (await worker.PollAsync("tmp")).Outcome);
        Assert.Equal(_server.Url("/tmp"), (await worker.FeedAsync("tmp")).Url);
    }

    [Fact]
    public async Task Redirects_beyond_the_limit_fail_the_feed_with_the_key_to_raise()
    {
        _server.Map("/loop", ctx =>
        {
            ctx.Response.StatusCode = 307;
            ctx.Response.Headers.Location = "/loop";
            return Task.CompletedTask;
        });
        await using var worker = await WorkerAsync(new { MaxRedirects = 3 }, "/loop");

        var poll = await worker.PollAsync("loop");

        Assert.Equal(PollOutcome.Failed, poll.Outcome);
        Assert.Contains("FeedWatch:Polling:MaxRedirects", poll.Error, StringComparison.Ordinal);
        Assert.Equal(4, _server.Hits("/loop"));
    }

    [Theory, BothStores]
    public async Task A_410_disables_the_feed_and_it_is_not_asked_again(StoreKind store)
    {
        _server.Map("/gone", ctx =>
        {
            ctx.Response.StatusCode = 410;
            return Task.CompletedTask;
        });
        await using var worker = await WorkerOnAsync(store, null, "/gone");

        Assert.Equal(PollOutcome.Gone, (await worker.PollAsync("gone")).Outcome);
        Assert.Equal(PollOutcome.Gone, (await worker.PollAsync("gone")).Outcome);

        var state = await worker.FeedAsync("gone");
        Assert.NotNull(state.GoneUtc);
        Assert.Contains("410", state.LastError, StringComparison.Ordinal);
        Assert.Equal(1, _server.Hits("/gone"));
    }

    [Fact]
    public async Task A_429_with_Retry_After_delays_that_feed_only_not_its_host()
    {
        _server.Map("/busy", ctx =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "120";
            return Task.CompletedTask;
        });
        _server.MapFeed("/calm", FeedServer.Rss("Calm", FeedServer.Plain("c1", Recent)));
        await using var worker = await WorkerAsync(null, "/busy", "/calm");

        var before = DateTimeOffset.UtcNow;
        Assert.Equal(PollOutcome.Failed, (await worker.PollAsync("busy")).Outcome);
        Assert.Equal(PollOutcome.Deferred, (await worker.PollAsync("busy")).Outcome);
        Assert.Equal(PollOutcome.Updated, (await worker.PollAsync("calm")).Outcome);

        var state = await worker.FeedAsync("busy");
        Assert.Equal(1, state.ErrorCount);
        Assert.Contains("429", state.LastError, StringComparison.Ordinal);
        Assert.InRange(state.NextAttemptUtc!.Value, before.AddSeconds(119), DateTimeOffset.UtcNow.AddSeconds(121));
        Assert.Equal(1, _server.Hits("/busy"));
        Assert.Null((await worker.FeedAsync("calm")).NextAttemptUtc);
    }

    [Theory, BothStores]
    public async Task A_500_is_recorded_with_a_backoff_that_doubles_and_a_later_success_clears_it(StoreKind store)
    {
        var failing = true;
        _server.Map("/flaky", async ctx =>
        {
            if (failing)
            {
                ctx.Response.StatusCode = 500;
                return;
            }
            await FeedServer.Send(ctx, Encoding.UTF8.GetBytes(FeedServer.Rss("Flaky", FeedServer.Plain("f1", Recent))));
        });
        await using var worker = await WorkerOnAsync(store, new { Timeout = "00:00:05", RetryBackoff = "00:00:00.200", MaxBackoff = "00:10:00" }, "/flaky");

        Assert.Equal(PollOutcome.Failed, (await worker.PollAsync("flaky")).Outcome);
        var first = await worker.FeedAsync("flaky");
        await Task.Delay(250);
        Assert.Equal(PollOutcome.Failed, (await worker.PollAsync("flaky")).Outcome);
        var second = await worker.FeedAsync("flaky");
        failing = false;
        await Task.Delay(450);
        Assert.Equal(PollOutcome.Updated, (await worker.PollAsync("flaky")).Outcome);
        var healed = await worker.FeedAsync("flaky");

        Assert.Equal((1, 2), (first.ErrorCount, second.ErrorCount));
        Assert.Contains("HTTP 500", second.LastError, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMilliseconds(200), first.NextAttemptUtc - first.LastErrorUtc);
        Assert.Equal(TimeSpan.FromMilliseconds(400), second.NextAttemptUtc - second.LastErrorUtc);
        Assert.Equal((0, (string?)null, (DateTimeOffset?)null, 1L), (healed.ErrorCount, healed.LastError, healed.NextAttemptUtc, healed.ItemCount));
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_fails_the_feed_within_the_timeout()
    {
        _server.Map("/slow", async ctx =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await using var worker = await WorkerAsync(new { Timeout = "00:00:01" }, "/slow");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var poll = await worker.PollAsync("slow");

        Assert.Equal(PollOutcome.Failed, poll.Outcome);
        Assert.Contains("timed out after 1 s", poll.Error, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_50_MB_response_is_cut_off_at_the_size_cap(bool announced)
    {
        const int size = 50 * 1024 * 1024;
        _server.Map("/huge", async ctx =>
        {
            ctx.Response.ContentType = "application/rss+xml";
            if (announced) ctx.Response.ContentLength = size;
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var sent = 0; sent < size && !ctx.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            {
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        await using var worker = await WorkerAsync(new { Timeout = "00:00:10", MaxFeedBytes = 10 * 1024 * 1024 }, "/huge");

        var poll = await worker.PollAsync("huge");

        Assert.Equal(PollOutcome.Failed, poll.Outcome);
        Assert.Contains("larger than the 10,485,760-byte limit", poll.Error, StringComparison.Ordinal);
        Assert.Contains("FeedWatch:Polling:MaxFeedBytes", (await worker.FeedAsync("huge")).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_response_is_decompressed()
    {
        var xml = FeedServer.Rss("Zipped", FeedServer.Meeting("z1", Recent));
        _server.Map("/gzip", async ctx =>
        {
            using var buffer = new MemoryStream();
            await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) await gzip.WriteAsync(Encoding.UTF8.GetBytes(xml));
            ctx.Response.Headers.ContentEncoding = "gzip";
            await FeedServer.Send(ctx, buffer.ToArray());
        });
        await using var worker = await WorkerAsync(null, "/gzip");

        var poll = await worker.PollAsync("gzip");

        Assert.Equal((PollOutcome.Updated, 1, 1), (poll.Outcome, poll.NewItems, poll.Meetings));
        Assert.Contains("gzip", _server.Requests.Single(r => r.Path == "/gzip").Headers["Accept-Encoding"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_bomb_is_cut_off_at_the_size_cap_after_decompression()
    {
        using var bomb = new MemoryStream();
        await using (var gzip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 100; i++) await gzip.WriteAsync(zeros);
        }
        var compressed = bomb.ToArray();
        _server.Map("/bomb", async ctx =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            await FeedServer.Send(ctx, compressed);
        });
        await using var worker = await WorkerAsync(new { Timeout = "00:00:10", MaxFeedBytes = 1024 * 1024 }, "/bomb");

        var poll = await worker.PollAsync("bomb");

        Assert.True(compressed.Length < 1024 * 1024, $"the bomb is {compressed.Length} bytes on the wire");
        Assert.Equal(PollOutcome.Failed, poll.Outcome);
        Assert.Contains("larger than the 1,048,576-byte limit", poll.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_more_requests_than_the_per_host_limit_are_in_flight_to_one_host()
    {
        var inFlight = 0;
        var most = 0;
        for (var i = 0; i < 6; i++)
        {
            _server.Map($"/host/{i}", async ctx =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref most, now);
                await Task.Delay(200);
                Interlocked.Decrement(ref inFlight);
                await FeedServer.Send(ctx, Encoding.UTF8.GetBytes(FeedServer.Rss("Host", FeedServer.Plain("h", Recent))));
            });
        }
        await using var worker = await WorkerAsync(new { Timeout = "00:00:10", PerHostConcurrency = 2 }, [.. Enumerable.Range(0, 6).Select(i => $"/host/{i}")]);

        var polls = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => worker.PollAsync($"host/{i}")));

        Assert.All(polls, p => Assert.Equal(PollOutcome.Updated, p.Outcome));
        Assert.Equal(2, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
        }
    }

    [Theory]
    [InlineData("application/rss+xml; charset=windows-1251", "<?xml version=\"1.0\"?>")]
    [InlineData("text/xml", "<?xml version=\"1.0\" encoding=\"windows-1251\"?>")]
    [InlineData("text/xml", "")]
    public async Task A_windows_1251_body_is_read_as_Cyrillic(string contentType, string declaration)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var xml = declaration + "<rss version=\"2.0\"><channel><title>Новости дня</title><item><title>Путин и Си Цзиньпин встретятся в Пекине</title><guid>ru1</guid></item></channel></rss>";
        _server.Map("/cp1251", ctx => FeedServer.Send(ctx, Encoding.GetEncoding(1251).GetBytes(xml), contentType));
        await using var worker = await WorkerAsync(null, "/cp1251");

        Assert.Equal(PollOutcome.Updated, (await worker.PollAsync("cp1251")).Outcome);
        Assert.Equal("Новости дня", (await worker.FeedAsync("cp1251")).Title);
    }

    [Fact]
    public async Task A_page_that_is_not_a_feed_fails_with_a_clear_error_and_other_feeds_go_on()
    {
        _server.MapFeed("/page", "<!DOCTYPE html><html><body>Welcome</body></html>", "text/html");
        _server.MapFeed("/fine", FeedServer.Rss("Fine", FeedServer.Plain("p1", Recent)));
        await using var worker = await WorkerAsync(null, "/page", "/fine");

        var page = await worker.PollAsync("page");
        var fine = await worker.PollAsync("fine");

        Assert.Equal(PollOutcome.Failed, page.Outcome);
        Assert.Contains("root element is <html>", (await worker.FeedAsync("page")).LastError, StringComparison.Ordinal);
        Assert.Equal(PollOutcome.Updated, fine.Outcome);
    }

    [Fact]
    public async Task A_refused_connection_is_a_recorded_failure_not_an_exception()
    {
        await using var worker = await Worker.StartAsync(_dir, new
        {
            DataDirectory = _dir,
            Feeds = new[] { new { Name = "nowhere", Url = "http://127.0.0.1:9/feed.xml" } },
            Polling = new { Timeout = "00:00:05" },
        });

        var poll = await worker.PollAsync("nowhere");

        Assert.Equal(PollOutcome.Failed, poll.Outcome);
        Assert.StartsWith("cannot fetch", (await worker.FeedAsync("nowhere")).LastError, StringComparison.Ordinal);
    }
}
