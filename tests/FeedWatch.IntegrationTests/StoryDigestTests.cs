using System.Text;
using FeedWatch.Cli;
using FeedWatch.Stories;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FeedWatch.IntegrationTests;

/// <summary>Stories over several polls and digests, through the real feeds, analyser, store (either) and pickup folder.</summary>
[Collection(UsesPostgres.Name)]
public sealed class StoryDigestTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly string[] LavrovOnly = ["Lavrov"];
    private static readonly DateTimeOffset Recent = DateTimeOffset.UtcNow.AddHours(-6);
    private FeedServer _server = null!;
    private readonly string _dir = Worker.NewDataDirectory();

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private const string KremlinTitle = "Putin and Trump to meet in Budapest, Kremlin says";
    private const string KremlinText = "Russian President Vladimir Putin will meet U.S. President Donald Trump in Budapest next week, Kremlin spokesman Dmitry Peskov told reporters on Monday. "
        + "Preparations for the summit were under way, Peskov said, adding that the agenda had not been finalised.";
    private const string WhiteHouseTitle = "White House says no Trump-Putin meeting planned";
    private const string WhiteHouseText = "White House press secretary Karoline Leavitt said on Wednesday that there are no plans for President Donald Trump to meet Russian President Vladimir Putin in Budapest.";

    private static MimeMessage Eml(string path) => MimeMessage.Load(path);

    [Theory, BothStores]
    public async Task The_second_digest_tells_only_what_changed_and_a_syndicated_copy_adds_nothing(StoreKind store)
    {
        var wire = new List<(string, string, string, DateTimeOffset)> { ("k1", KremlinTitle, KremlinText, Recent) };
        var daily = new List<(string, string, string, DateTimeOffset)>();
        _server.Map("/wire", ctx => FeedServer.Send(ctx, Encoding.UTF8.GetBytes(FeedServer.Rss("Wire", [.. wire]))));
        _server.Map("/daily", ctx => FeedServer.Send(ctx, Encoding.UTF8.GetBytes(FeedServer.Rss("Daily", [.. daily]))));
        await using var worker = await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new
        {
            DataDirectory = _dir,
            Feeds = new[] { new { Name = "wire", Url = _server.Url("/wire").ToString() }, new { Name = "daily", Url = _server.Url("/daily").ToString() } },
        }));

        await worker.PollAsync("wire");
        await worker.PollAsync("daily");
        var first = await worker.DigestAsync();
        // The daily runs the wire's story under its own headline with a credit line: a copy, counted once.
        daily.Add(("d1", "Kremlin: Putin, Trump to hold Budapest summit", KremlinText + " (Wire)", Recent.AddHours(1)));
        await worker.PollAsync("daily");
        var copyOnly = await worker.DigestAsync();
        // Then the White House says no: the story is contested now, and the United States is heard for the first time.
        wire.Add(("w1", WhiteHouseTitle, WhiteHouseText, Recent.AddHours(2)));
        await worker.PollAsync("wire");
        var second = await worker.DigestAsync();

        Assert.Equal(1, first.Stories);
        Assert.Equal((null, 0), (copyOnly.DigestId, copyOnly.Deliveries.Count));
        Assert.Equal(1, second.Stories);
        var story = Assert.Single(await worker.AllStoriesAsync());
        Assert.Equal(StoryStatus.Contested, story.Status);
        Assert.Equal(2, story.Originals.Count());
        Assert.Single(story.Reports, r => r.DuplicateOf is not null);
        var message = Eml(second.Deliveries.Single().Delivery!);
        Assert.Equal("FeedWatch: 1 meeting: Putin-Trump contested", message.Subject);
        Assert.Contains("planned → contested; first word from United States", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("also Daily", message.TextBody, StringComparison.Ordinal);
    }

    [Theory, BothStores]
    public async Task Reanalyze_updates_the_stories_and_the_next_digest_tells_only_what_changed_without_resending(StoreKind store)
    {
        await using var worker = await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new { DataDirectory = _dir }));
        await worker.PollAsync("FeedWatch demo");
        // As an older analyser had it: Kerry's visit "planned" rather than possible, and other wording on the
        // Putin-Trump (China) claims that changes nothing a digest tells.
        Assert.Equal(2, await worker.ExecuteSqlAsync("""
            UPDATE items SET analysis_json = replace(analysis_json, '"possible"', '"planned"') WHERE guid = '003_9ac79aed158c888c';
            UPDATE items SET analysis_json = replace(analysis_json, '"reason":"', '"reason":"older rule: ') WHERE guid = '004_79c676a6b2d50e39';
            """));
        var first = await worker.DigestAsync();
        var before = await worker.AllStoriesAsync();
        using var stdout = new StringWriter();

        Assert.Equal(0, await ReanalyzeCommand.RunAsync(worker.Host.Services, null, stdout, CancellationToken.None));
        var after = await worker.AllStoriesAsync();
        var next = await worker.DigestAsync();

        Assert.Equal(5, first.Stories);
        Assert.Contains("5 articles read again, 2 with a changed analysis, 0 failed", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(before.Select(s => s.Id), after.Select(s => s.Id));
        var kerry = after.Single(s => s.Participants.Contains("John Kerry"));
        Assert.Equal((StoryStatus.Possible, StoryStatus.Planned), (kerry.Status, kerry.AnnouncedStatus));
        Assert.Equal(1, next.Stories);
        var message = Eml(next.Deliveries.Single().Delivery!);
        Assert.Equal("FeedWatch: 1 meeting: Kerry-Lavrov possible", message.Subject);
        Assert.Contains("planned → possible", message.TextBody, StringComparison.Ordinal);
        // The article was shown before: its statements are not marked new again.
        Assert.DoesNotContain("[new]", message.TextBody, StringComparison.Ordinal);
        var nothing = await worker.DigestAsync();
        Assert.Equal((null, 0), (nothing.DigestId, nothing.Deliveries.Count));
    }

    [Theory, BothStores]
    public async Task Preview_renders_the_next_digest_without_sending_or_marking_anything(StoreKind store)
    {
        await using var worker = await Worker.StartAsync(_dir, await Worker.OnStoreAsync(store, postgres, new { DataDirectory = _dir }));
        await worker.PollAsync("FeedWatch demo");
        var html = Path.Combine(_dir, "preview", "next.html");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await PreviewCommand.RunAsync(worker.Host.Services, html, null, stdout, stderr, CancellationToken.None);
        var again = await PreviewCommand.RunAsync(worker.Host.Services, html, null, TextWriter.Null, stderr, CancellationToken.None);

        Assert.Equal((0, 0), (code, again));
        Assert.Contains("preview: 5 stories new or changed since the last digest; nothing sent, nothing marked.", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("Subject: FeedWatch: 5 meetings: ", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("John Kerry – Sergei Lavrov", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
        Assert.Empty(await worker.MessagesAsync());
        Assert.All(await worker.AllStoriesAsync(), s => Assert.Null(s.AnnouncedDigestId));
        Assert.False(Directory.Exists(worker.Settings.PickupDirectory));
        Assert.Equal(5, (await worker.DigestAsync()).Stories);
    }

    [Fact]
    public async Task Preview_for_one_recipient_shows_what_that_recipient_would_get()
    {
        await using var worker = await Worker.StartAsync(_dir, new
        {
            DataDirectory = _dir,
            Digest = new { Recipients = new[] { new { Address = "kerry-desk@example.org", Watchlist = LavrovOnly } } },
        });
        await worker.PollAsync("FeedWatch demo");
        using var stdout = new StringWriter();

        Assert.Equal(0, await PreviewCommand.RunAsync(worker.Host.Services, null, "kerry-desk@example.org", stdout, TextWriter.Null, CancellationToken.None));
        Assert.Equal(2, await PreviewCommand.RunAsync(worker.Host.Services, null, "stranger@example.org", TextWriter.Null, TextWriter.Null, CancellationToken.None));

        var text = stdout.ToString();
        Assert.Contains("kerry-desk@example.org: 1 story", text, StringComparison.Ordinal);
        Assert.Contains("Subject: FeedWatch: 1 meeting: Kerry-Lavrov possible", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Putin", text, StringComparison.Ordinal);
    }
}
