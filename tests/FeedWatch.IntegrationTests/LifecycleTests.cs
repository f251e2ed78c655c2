using System.Text;
using System.Text.RegularExpressions;
using FeedWatch.Cli;
using FeedWatch.Digest;
using FeedWatch.Feeds;
using FeedWatch.Storage;
using FeedWatch.Stories;
using Microsoft.Extensions.DependencyInjection;

namespace FeedWatch.IntegrationTests;

/// <summary>Items over several polls, digests, restarts and configuration changes: nothing lost, nothing twice (on either store where the store is what is tested).</summary>
[Collection(UsesPostgres.Name)]
public sealed partial class LifecycleTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Recent = DateTimeOffset.UtcNow.AddHours(-1);
    private static readonly string[] FeedNames = ["feed1", "feed2", "feed3", "broken"];
    private FeedServer _server = null!;
    private readonly string _dir = Worker.NewDataDirectory();

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory, BothStores]
    public async Task New_items_are_reported_once_and_an_edited_item_is_not_new(StoreKind store)
    {
        var doc = FeedServer.Rss("Wire", FeedServer.Meeting("a", Recent), FeedServer.Plain("b", Recent));
        _server.Map("/feed", ctx => FeedServer.Send(ctx, Encoding.UTF8.GetBytes(doc)));
        await using var worker = await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new { DataDirectory = _dir, Feeds = new[] { new { Name = "wire", Url = _server.Url("/feed").ToString() } } }));

        var first = await worker.PollAsync("wire");
        var firstDigest = await worker.DigestAsync();
        // Next poll: "a" edited (new title, same guid), "b" unchanged, "c" new.
        doc = FeedServer.Rss("Wire",
            ("a", "Putin and Xi to meet in Beijing on Tuesday", "Russian President Vladimir Putin will meet Chinese President Xi Jinping in Beijing on Tuesday, the Kremlin said.", Recent),
            FeedServer.Plain("b", Recent), FeedServer.Meeting("c", Recent, "Moscow"));
        var second = await worker.PollAsync("wire");
        var third = await worker.PollAsync("wire");
        var secondDigest = await worker.DigestAsync();
        var nothing = await worker.DigestAsync();

        Assert.Equal((2, 1), (first.NewItems, first.Meetings));
        Assert.Equal((1, 1), (second.NewItems, second.Meetings));
        Assert.Equal(0, third.NewItems);
        Assert.Equal(1, firstDigest.Stories);
        // The same leaders a few days on, but in Moscow, not Beijing: another meeting, another story.
        Assert.Equal(1, secondDigest.Stories);
        Assert.Equal((null, 0), (nothing.DigestId, nothing.Deliveries.Count));
        var stories = await worker.AllStoriesAsync();
        Assert.Equal(["https://news.example/a", "https://news.example/c"], stories.SelectMany(s => s.Reports).Select(r => r.Link).Order(StringComparer.Ordinal));
        Assert.All(stories, s => Assert.NotNull(s.AnnouncedDigestId));
        Assert.Equal(3L, (await worker.FeedAsync("wire")).ItemCount);
    }

    [Fact]
    public async Task The_first_poll_of_a_new_feed_reports_only_items_within_the_window()
    {
        _server.MapFeed("/backlog", FeedServer.Rss("Backlog",
            FeedServer.Meeting("fresh", DateTimeOffset.UtcNow.AddHours(-3)),
            FeedServer.Meeting("old", DateTimeOffset.UtcNow.AddDays(-5), "Moscow"),
            ("undated", "Undated", "Vladimir Putin will meet Xi Jinping in Minsk next week.", default)));
        await using var worker = await Worker.StartAsync(_dir, new { DataDirectory = _dir, Feeds = new[] { new { Name = "backlog", Url = _server.Url("/backlog").ToString() } } });

        var poll = await worker.PollAsync("backlog");
        await worker.DigestAsync();

        Assert.Equal((3, 1), (poll.NewItems, poll.Meetings));
        var report = Assert.Single(Assert.Single(await worker.AllStoriesAsync()).Reports);
        Assert.Equal("https://news.example/fresh", report.Link);
    }

    [Theory, BothStores]
    public async Task A_digest_recorded_but_not_written_before_a_crash_is_written_once_on_the_next_run(StoreKind store)
    {
        _server.MapFeed("/feed", FeedServer.Rss("Wire", FeedServer.Meeting("a", Recent)));
        await using var worker = await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new { DataDirectory = _dir, Feeds = new[] { new { Name = "wire", Url = _server.Url("/feed").ToString() } } }));
        await worker.PollAsync("wire");
        // The crash: the digest is recorded (its stories marked as told, its message in the outbox) and the process
        // dies before writing it.
        await worker.Host.Services.GetRequiredService<StoryTracker>().FoldPendingAsync(CancellationToken.None);
        var content = await worker.Host.Services.GetRequiredService<DigestBuilder>().PrepareAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        await worker.Stories.RecordDigestAsync(content.ToDraft()!, CancellationToken.None);
        var recorded = Assert.Single(await worker.MessagesAsync());

        var resumed = await worker.DigestAsync();
        var again = await worker.DigestAsync();

        var written = Assert.Single(resumed.Deliveries);
        Assert.Null(resumed.DigestId);
        Assert.Equal((recorded.Id, 1, (string?)null), (written.MessageId, written.Stories, written.Error));
        Assert.Equal((null, 0), (again.DigestId, again.Deliveries.Count));
        Assert.Equal([PickupFolderWriter.BaseName(recorded.Id) + ".eml", PickupFolderWriter.BaseName(recorded.Id) + ".html"],
            Directory.GetFiles(worker.Settings.PickupDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(Assert.Single(await worker.MessagesAsync()).Sent);
        var eml = await File.ReadAllTextAsync(written.Delivery!);
        Assert.Contains("Content-Type: multipart/alternative", eml, StringComparison.Ordinal);
        Assert.Contains(recorded.MessageId, eml, StringComparison.Ordinal);
    }

    [Theory, BothStores]
    public async Task A_digest_that_cannot_be_written_stays_pending_and_is_written_once_the_folder_is_usable(StoreKind store)
    {
        _server.MapFeed("/feed", FeedServer.Rss("Wire", FeedServer.Meeting("a", Recent)));
        await using var worker = await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new { DataDirectory = _dir, Feeds = new[] { new { Name = "wire", Url = _server.Url("/feed").ToString() } } }));
        await worker.PollAsync("wire");
        // A file where the pickup folder should be: the folder cannot be created.
        File.WriteAllText(worker.Settings.PickupDirectory, "in the way");

        var failed = Assert.Single((await worker.DigestAsync()).Deliveries);
        var pending = Assert.Single(await worker.MessagesAsync());
        File.Delete(worker.Settings.PickupDirectory);
        var delivered = Assert.Single((await worker.DigestAsync()).Deliveries);

        Assert.Contains("cannot write to the pickup folder", failed.Error, StringComparison.Ordinal);
        Assert.Equal((false, 1), (pending.Sent, pending.Attempts));
        Assert.Contains("pickup folder", pending.LastError, StringComparison.Ordinal);
        Assert.Equal((pending.Id, 1, (string?)null), (delivered.MessageId, delivered.Stories, delivered.Error));
        Assert.Empty((await worker.DigestAsync()).Deliveries);
        Assert.Equal(2, Directory.GetFiles(worker.Settings.PickupDirectory).Length);
    }

    [Theory, BothStores]
    public async Task Stopping_the_host_in_the_middle_of_a_round_and_starting_it_again_loses_nothing_and_repeats_nothing(StoreKind store)
    {
        const int feeds = 12;
        for (var i = 0; i < feeds; i++)
        {
            var doc = FeedServer.Rss($"Feed {i}", FeedServer.Meeting($"f{i}-meet", Recent), FeedServer.Plain($"f{i}-plain", Recent));
            _server.Map($"/slow/{i}", async ctx =>
            {
                await Task.Delay(500, ctx.RequestAborted); // a round of 12 feeds, two at a time, takes 3 s: time to stop it part way
                await FeedServer.Send(ctx, Encoding.UTF8.GetBytes(doc));
            });
        }
        var section = await Worker.OnStoreAsync(store, postgres, new
        {
            DataDirectory = _dir,
            Feeds = Enumerable.Range(0, feeds).Select(i => new { Name = $"feed-{i}", Url = _server.Url($"/slow/{i}").ToString(), Schedule = "00:00:30" }).ToArray(),
            Polling = new { MaxConcurrentFeeds = 2, Jitter = "00:00:00", Timeout = "00:00:05" },
            Digest = new { Cron = "0 0 0 1 1 ? 2099" },
        });

        int polledAtStop;
        var first = await Worker.StartAsync(_dir, section, scheduler: true);
        try
        {
            await Worker.WaitUntilAsync(async () => await PolledAsync(first) >= 3, TimeSpan.FromSeconds(20), "three feeds are polled");
        }
        finally
        {
            await first.DisposeAsync(); // the stop: Quartz waits for the polls in flight, the rest never start
        }
        polledAtStop = await first.ReadStoreAsync(async reopened => (await reopened.ListFeedsAsync(CancellationToken.None)).Count(f => f.FirstPolledUtc is not null));
        Assert.InRange(polledAtStop, 3, feeds - 1);

        await using var second = await Worker.StartAsync(_dir, section, scheduler: true);
        await Worker.WaitUntilAsync(async () => await PolledAsync(second) == feeds, TimeSpan.FromSeconds(30), "every feed is polled");
        var digest = await second.DigestAsync();

        var state = await second.Store.ListFeedsAsync(CancellationToken.None);
        Assert.All(state, f => Assert.Equal(2L, f.ItemCount));
        // Every feed carries the same report of the same meeting: one story, its article once, the other feeds' copies
        // counted through it; each item exactly once.
        var story = Assert.Single(await second.AllStoriesAsync());
        Assert.Equal(feeds, story.Reports.Count);
        Assert.Equal(feeds, story.Reports.Select(r => r.Link).Distinct(StringComparer.Ordinal).Count());
        Assert.Single(story.Originals);
        Assert.Equal(1, digest.Stories);
        Assert.Empty(await second.Stories.GetUnfoldedItemsAsync(100, CancellationToken.None));
        // With the in-memory scheduler the feeds polled before the stop are polled again at the start (a start polls
        // every feed); the clustered scheduler on PostgreSQL keeps its triggers across the restart and may leave them to
        // their next time. Either way their items were not stored or reported a second time, which the counts above show.
        var hits = Enumerable.Range(0, feeds).Sum(i => _server.Hits($"/slow/{i}"));
        if (store == StoreKind.Sqlite) Assert.Equal(feeds + polledAtStop, hits);
        else Assert.InRange(hits, feeds, feeds + polledAtStop);
    }

    [Theory, BothStores]
    public async Task A_poll_cancelled_part_way_stores_nothing_and_the_next_poll_stores_everything_once(StoreKind store)
    {
        var delay = TimeSpan.FromSeconds(2);
        _server.Map("/feed", async ctx =>
        {
            await Task.Delay(delay, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!ctx.RequestAborted.IsCancellationRequested) await FeedServer.Send(ctx, Encoding.UTF8.GetBytes(FeedServer.Rss("Wire", FeedServer.Meeting("a", Recent), FeedServer.Plain("b", Recent))));
        });
        await using var worker = await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new { DataDirectory = _dir, Feeds = new[] { new { Name = "wire", Url = _server.Url("/feed").ToString() } } }));
        var refresher = worker.Host.Services.GetRequiredService<FeedRefresher>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => refresher.RefreshAsync(worker.Settings.Feeds[0], stop.Token));
        var untouched = await worker.FeedAsync("wire");
        delay = TimeSpan.Zero;
        var poll = await worker.PollAsync("wire");

        Assert.Equal((null, 0, null, 0L), (untouched.FirstPolledUtc, untouched.ErrorCount, untouched.LastError, untouched.ItemCount));
        Assert.Equal((PollOutcome.Updated, 2, 1), (poll.Outcome, poll.NewItems, poll.Meetings));
        Assert.Equal(2L, (await worker.FeedAsync("wire")).ItemCount);
    }

    private static async Task<int> PolledAsync(Worker worker) =>
        (await worker.Store.ListFeedsAsync(CancellationToken.None)).Count(f => f.FirstPolledUtc is not null);

    [Fact]
    public async Task The_running_worker_polls_on_schedule_and_writes_the_digest_on_its_cron()
    {
        _server.MapFeed("/feed", FeedServer.Rss("Wire", FeedServer.Meeting("a", Recent), FeedServer.Plain("b", Recent)));
        await using var worker = await Worker.StartAsync(_dir, new
        {
            DataDirectory = _dir,
            Feeds = new[] { new { Name = "wire", Url = _server.Url("/feed").ToString(), Schedule = "00:00:01" } },
            Polling = new { Jitter = "00:00:00", Timeout = "00:00:05" },
            Digest = new { Cron = "0/1 * * * * ?", TimeZone = "Europe/Berlin" },
        }, scheduler: true);

        await Worker.WaitUntilAsync(async () => (await worker.MessagesAsync()).Any(m => m.Sent), TimeSpan.FromSeconds(15), "a digest is delivered");
        await Task.Delay(2500); // more polls and more digest firings: nothing new, so nothing more

        var message = Assert.Single(await worker.MessagesAsync());
        Assert.Equal(1, message.Stories);
        Assert.True(_server.Hits("/feed") >= 2);
        var html = await File.ReadAllTextAsync(Directory.GetFiles(worker.Settings.PickupDirectory, "*.html").Single());
        Assert.Contains("Europe/Berlin", html, StringComparison.Ordinal);
    }

    [Theory, BothStores]
    public async Task A_feed_slower_than_its_interval_is_never_polled_twice_at_once(StoreKind store)
    {
        int inFlight = 0, most = 0, done = 0;
        _server.Map("/slow", async ctx =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2.5));
                await FeedServer.Send(ctx, Encoding.UTF8.GetBytes(FeedServer.Rss("Slow", FeedServer.Plain("a", Recent))));
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
                Interlocked.Increment(ref done);
            }
        });
        // Fired every second, answered in two and a half: without the feed's lock, polls would overlap.
        await using var worker = await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new
        {
            DataDirectory = _dir,
            Feeds = new[] { new { Name = "slow", Url = _server.Url("/slow").ToString(), Schedule = "00:00:01" } },
            Polling = new { Jitter = "00:00:00", Timeout = "00:00:10" },
            Digest = new { Cron = "0 0 0 1 1 ? 2099" },
        }), scheduler: true);

        await Worker.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref done) >= 2), TimeSpan.FromSeconds(30), "two polls have finished");
        Assert.Equal(1, Volatile.Read(ref most));
        Assert.Equal(1L, (await worker.FeedAsync("slow")).ItemCount);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
        }
    }

    // On SQLite the scheduler's store is in memory: a digest missed while stopped is made by FeedWatch at the next
    // start. (Quartz's clustered store on PostgreSQL keeps the trigger, and fires a missed digest itself.)
    [Fact]
    public async Task A_digest_that_fell_due_while_the_worker_was_stopped_is_made_at_the_next_start()
    {
        _server.MapFeed("/feed", FeedServer.Rss("Wire", FeedServer.Meeting("a", Recent)));
        var now = DateTimeOffset.UtcNow;
        var section = new
        {
            DataDirectory = _dir,
            Feeds = new[] { new { Name = "wire", Url = _server.Url("/feed").ToString(), Schedule = "01:00:00" } },
            Polling = new { Jitter = "00:00:00", Timeout = "00:00:05" },
            // Daily, at a time that passed five hours ago.
            Digest = new { Cron = $"0 {now.AddHours(-5).Minute} {now.AddHours(-5).Hour} * * ?", TimeZone = "UTC" },
        };
        await using (var stopped = await Worker.StartAsync(_dir, section))
        {
            // The record a worker leaves: started a day ago, last digest made 29 hours ago, then stopped.
            var runs = stopped.Host.Services.GetRequiredService<IOperationsStore>();
            await runs.RecordJobRunAsync(new JobRun(JobRun.Start, "earlier:1", now.AddDays(-2), now.AddDays(-2), "ok"), CancellationToken.None);
            await runs.RecordJobRunAsync(new JobRun(JobRun.Digest, "earlier:1", now.AddHours(-29), now.AddHours(-29), "ok"), CancellationToken.None);
            await stopped.PollAsync("wire");
        }

        await using var worker = await Worker.StartAsync(_dir, section, scheduler: true);
        await Worker.WaitUntilAsync(async () => (await worker.MessagesAsync()).Any(m => m.Sent), TimeSpan.FromSeconds(20), "the missed digest is made");
        var digest = (await worker.Host.Services.GetRequiredService<IOperationsStore>().GetJobRunsAsync(CancellationToken.None)).Single(r => r.Job == JobRun.Digest);
        Assert.True(digest.FinishedUtc > now, "the digest run is recorded");
        Assert.Equal(1, Assert.Single(await worker.MessagesAsync()).Stories);
    }

    [Fact]
    public async Task A_first_start_after_the_digests_time_makes_no_digest_until_its_next_time()
    {
        _server.MapFeed("/feed", FeedServer.Rss("Wire", FeedServer.Meeting("a", Recent)));
        var now = DateTimeOffset.UtcNow;
        await using var worker = await Worker.StartAsync(_dir, new
        {
            DataDirectory = _dir,
            Feeds = new[] { new { Name = "wire", Url = _server.Url("/feed").ToString(), Schedule = "00:00:01" } },
            Polling = new { Jitter = "00:00:00", Timeout = "00:00:05" },
            Digest = new { Cron = $"0 {now.AddHours(-5).Minute} {now.AddHours(-5).Hour} * * ?", TimeZone = "UTC" },
        }, scheduler: true);

        await Worker.WaitUntilAsync(async () => (await worker.Store.GetFeedAsync("wire", CancellationToken.None))?.ItemCount == 1, TimeSpan.FromSeconds(20), "the feed is polled");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a catch-up digest, were there one, would be under way by now
        Assert.Empty(await worker.MessagesAsync());
    }

    [Theory, BothStores]
    public async Task Health_is_ok_while_the_worker_keeps_time_and_names_the_late_feed_and_digest_once_it_has_stopped(StoreKind store)
    {
        _server.MapFeed("/feed", FeedServer.Rss("Wire", FeedServer.Meeting("a", Recent)));
        var section = await Worker.OnStoreAsync(store, postgres, new
        {
            DataDirectory = _dir,
            Feeds = new[] { new { Name = "wire", Url = _server.Url("/feed").ToString(), Schedule = "00:00:01" } },
            Polling = new { Jitter = "00:00:00", Timeout = "00:00:05" },
            Digest = new { Cron = "0/2 * * * * ?", TimeZone = "UTC" },
        });
        var worker = await Worker.StartAsync(_dir, section, scheduler: true);
        var settings = worker.Settings;
        try
        {
            await Worker.WaitUntilAsync(async () => (await worker.MessagesAsync()).Any(m => m.Sent), TimeSpan.FromSeconds(15), "a digest is delivered");
            var running = await HealthCommand.RunAsync(worker.Host.Services, settings, DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.True(running.Healthy, string.Join("; ", running.Findings));
            Assert.Contains("the last digest ran at", running.Findings[1], StringComparison.Ordinal);
        }
        finally
        {
            await worker.DisposeAsync();
        }

        // Read by a fresh host as the container's HEALTHCHECK does, as if an hour later: nothing has run since the stop.
        await using var reader = await Worker.StartAsync(_dir, section);
        var stopped = await HealthCommand.RunAsync(reader.Host.Services, reader.Settings, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        Assert.False(stopped.Healthy);
        Assert.Contains("1 of 1 feeds not polled on time: \"wire\"", stopped.Findings[0], StringComparison.Ordinal);
        Assert.Contains("was not made", stopped.Findings[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_the_feed_list_takes_effect_without_a_restart()
    {
        _server.MapFeed("/one", FeedServer.Rss("One", FeedServer.Plain("o1", Recent)));
        _server.MapFeed("/two", FeedServer.Rss("Two", FeedServer.Plain("t1", Recent)));
        var polling = new { Jitter = "00:00:00", Timeout = "00:00:05" };
        var digest = new { Cron = "0 0 0 1 1 ? 2099" };
        await using var worker = await Worker.StartAsync(_dir, new
        {
            DataDirectory = _dir,
            Feeds = new[] { new { Name = "one", Url = _server.Url("/one").ToString(), Schedule = "00:00:01" } },
            Polling = polling,
            Digest = digest,
        }, scheduler: true);
        await Worker.WaitUntilAsync(() => Task.FromResult(_server.Hits("/one") >= 1), TimeSpan.FromSeconds(10), "feed one is polled");

        Worker.WriteConfig(_dir, new
        {
            DataDirectory = _dir,
            Feeds = new[] { new { Name = "two", Url = _server.Url("/two").ToString(), Schedule = "00:00:01" } },
            Polling = polling,
            Digest = digest,
        });
        await Worker.WaitUntilAsync(() => Task.FromResult(_server.Hits("/two") >= 2), TimeSpan.FromSeconds(15), "feed two is polled twice");
        var oneAfterChange = _server.Hits("/one");
        await Task.Delay(1500);

        Assert.Equal(oneAfterChange, _server.Hits("/one"));
        Assert.True(_server.Hits("/two") >= 3);
    }

    [Theory, BothStores]
    public async Task Once_with_a_config_file_polls_exactly_its_feeds_and_prints_one_summary_line(StoreKind store)
    {
        for (var i = 1; i <= 3; i++) _server.MapFeed($"/feeds/feed{i}.xml", FeedServer.Rss($"Feed {i}", FeedServer.Meeting($"m{i}", Recent), FeedServer.Plain($"p{i}", Recent)));
        _server.Map("/feeds/broken.xml", ctx =>
        {
            ctx.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        var config = Worker.WriteConfig(_dir, await Worker.OnStoreAsync(store, postgres, new
        {
            DataDirectory = _dir,
            Feeds = FeedNames.Select(n => new { Name = n, Url = _server.Url($"/feeds/{n}.xml").ToString(), FetchArticles = false }).ToArray(),
        }));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = OnceCommand.Run(["--config", config], stdout, stderr);
        using var again = new StringWriter();
        var code2 = OnceCommand.Run(["--config", config], again, stderr);

        Assert.Equal((0, 0), (code, code2));
        var line = Assert.Single(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(SummaryLine(), line);
        Assert.Contains("feeds 3 ok, 1 failed; new items 6; meetings 3;", line, StringComparison.Ordinal);
        // Three feeds, the same report of the same meeting: one story, told once.
        Assert.Contains("(1 story)", line, StringComparison.Ordinal);
        Assert.Contains("feeds 3 ok, 0 failed, 1 waiting", again.ToString(), StringComparison.Ordinal);
        Assert.Contains("new items 0; meetings 0; no digest", again.ToString(), StringComparison.Ordinal);
        Assert.Contains("feed \"broken\" failed: HTTP 500", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _server.Hits("/demo"));
    }

    [Fact]
    public void Once_on_the_embedded_defaults_writes_a_digest_that_lists_the_seed_meetings()
    {
        var config = Worker.WriteConfig(_dir, new { DataDirectory = _dir });
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        Assert.Equal(0, OnceCommand.Run(["--config", config], stdout, stderr));

        Assert.Contains("feeds 1 ok, 0 failed; new items 5;", stdout.ToString(), StringComparison.Ordinal);
        var html = File.ReadAllText(Directory.GetFiles(Path.Combine(_dir, "pickup"), "*.html").Single());
        foreach (var name in new[] { "Vladimir Putin", "Barack Obama", "Donald Trump", "John Kerry", "Sergei Lavrov" })
        {
            Assert.Contains(name, html, StringComparison.Ordinal);
        }
        foreach (var title in new[] { "Putin and Obama May Hold Informal Talks This Week", "Kerry Could Visit Russia in February, Sources Say", "Kremlin does not rule out Putin-Trump meeting in China in September" })
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(title), html, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"^once: feeds \d+ ok, \d+ failed(, \d+ waiting \(backoff, Retry-After or gone\))?; new items \d+; meetings \d+; .+; \d+\.\d\d s$")]
    private static partial Regex SummaryLine();
}
