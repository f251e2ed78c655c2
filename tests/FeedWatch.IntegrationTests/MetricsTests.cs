using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FeedWatch.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FeedWatch.IntegrationTests;

/// <summary>The operators' numbers move with real polls: polls by outcome, new items, meetings, poll time.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private FeedServer _server = null!;
    private readonly string _dir = Worker.NewDataDirectory();

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_poll_counts_its_outcome_new_items_meetings_and_duration_and_a_digest_counts_its_delivery()
    {
        var recent = DateTimeOffset.UtcNow.AddHours(-1);
        _server.MapFeed("/wire", FeedServer.Rss("Wire", FeedServer.Meeting("a", recent), FeedServer.Plain("b", recent)));
        _server.Map("/broken", ctx => { ctx.Response.StatusCode = 500; return Task.CompletedTask; });
        await using var worker = await Worker.StartAsync(_dir, new
        {
            DataDirectory = _dir,
            Feeds = new[]
            {
                new { Name = "wire", Url = _server.Url("/wire").ToString(), FetchArticles = false },
                new { Name = "broken", Url = _server.Url("/broken").ToString(), FetchArticles = false },
            },
        });
        var meter = worker.Host.Services.GetRequiredService<FeedWatchMetrics>().Meter;
        var measured = new ConcurrentBag<(string Instrument, double Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measured.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measured.Add((i.Name, v, Tags(tags))));
        listener.Start();

        await worker.PollAsync("wire");
        await worker.PollAsync("broken");
        await worker.DigestAsync();

        Assert.Contains(("feedwatch.feed.polls", 1d, "outcome=updated"), measured);
        Assert.Contains(("feedwatch.feed.polls", 1d, "outcome=failed"), measured);
        Assert.Contains(("feedwatch.items.new", 2d, ""), measured);
        Assert.Contains(("feedwatch.meetings.found", 1d, ""), measured);
        Assert.Equal(2, measured.Count(m => m.Instrument == "feedwatch.feed.poll.duration" && m.Value > 0));
        Assert.Contains(("feedwatch.digests", 1d, "result=delivered"), measured);
    }

    private static string Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var t in tags) parts.Add($"{t.Key}={t.Value}");
        return string.Join(",", parts);
    }
}
