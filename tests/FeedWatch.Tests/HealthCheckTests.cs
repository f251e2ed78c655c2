using FeedWatch.Configuration;
using FeedWatch.Hosting;
using FeedWatch.Storage;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace FeedWatch.Tests;

/// <summary>
/// health's verdict from the store's records: feeds every 15 minutes (timeout 30 s, jitter 1 min, so a feed is late
/// 15 + 15 min + 1.5 min after its last poll), a digest at 07:00 Europe/Berlin.
/// </summary>
public sealed class HealthCheckTests : IDisposable
{
    // After the day's digest (06:00 UTC), so the feed tests within a few hours have no digest due.
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("feedwatch-health-").FullName;
    private readonly FeedWatchSettings _settings;

    public HealthCheckTests()
    {
        var path = Path.Combine(_dir, "c.json");
        File.WriteAllText(path, """
            {"FeedWatch": {
              "Feeds": [ {"Name": "wire", "Url": "https://example.org/wire.xml"}, {"Name": "desk", "Url": "https://example.org/desk.xml"},
                         {"Name": "off", "Url": "https://example.org/off.xml", "Enabled": false} ],
              "Polling": {"DefaultInterval": "00:15:00", "Timeout": "00:00:30", "Jitter": "00:01:00"},
              "Digest": {"Cron": "0 0 7 * * ?", "TimeZone": "Europe/Berlin"} } }
            """);
        _settings = FeedWatchSettings.Resolve(ConfigurationLoader.Bind(new ConfigurationBuilder().AddJsonFile(path).Build()), _dir, _dir);
        Assert.True(_settings.IsValid, string.Join("\n", _settings.Errors));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static FeedState Feed(string name, DateTimeOffset? polled, DateTimeOffset? nextAttempt = null, DateTimeOffset? gone = null) =>
        new(1, name, new Uri("https://example.org/" + name), new Uri("https://example.org/" + name), null, null, null,
            polled, polled, polled, 0, null, null, null, nextAttempt, gone, 0);

    private static JobRun Started(DateTimeOffset at) => new(JobRun.Start, "host:1", at, at, "ok");

    private static JobRun Digest(DateTimeOffset at) => new(JobRun.Digest, "host:1", at, at.AddSeconds(3), "ok");

    private HealthReport Check(DateTimeOffset now, params object[] records) =>
        HealthCheck.Evaluate(_settings, records.OfType<FeedState>().ToList(), records.OfType<JobRun>().ToList(), schemaVersion: 4, now);

    // Feeds
    [Fact]
    public void Feeds_polled_within_their_interval_are_healthy()
    {
        var now = Start.AddHours(1);
        var report = Check(now, Started(Start), Feed("wire", now.AddMinutes(-14)), Feed("desk", now.AddMinutes(-2)));
        Assert.True(report.Healthy, string.Join("; ", report.Findings));
        Assert.Contains("2 feeds polled on time", report.Findings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_feed_unpolled_for_two_intervals_plus_timeout_and_jitter_is_named_as_late()
    {
        var now = Start.AddHours(2);
        var report = Check(now, Started(Start), Feed("wire", now.AddMinutes(-32)), Feed("desk", now.AddMinutes(-3)));
        Assert.False(report.Healthy);
        Assert.Contains("1 of 2 feeds not polled on time: \"wire\"", report.Findings[0], StringComparison.Ordinal);
        Assert.True(Check(now, Started(Start), Feed("wire", now.AddMinutes(-31)), Feed("desk", now.AddMinutes(-3))).Healthy);
    }

    [Fact]
    public void A_feed_never_polled_is_late_only_when_its_first_poll_is_overdue_since_the_worker_started()
    {
        Assert.True(Check(Start.AddMinutes(31), Started(Start), Feed("wire", Start.AddMinutes(30))).Healthy);
        var report = Check(Start.AddMinutes(32), Started(Start), Feed("wire", Start.AddMinutes(30)));
        Assert.False(report.Healthy);
        Assert.Contains("\"desk\" (last polled never", report.Findings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_restart_gives_feeds_their_period_again_from_the_start()
    {
        var restart = Start.AddHours(5);
        var report = Check(restart.AddMinutes(20), Started(restart), Feed("wire", Start.AddMinutes(1)), Feed("desk", Start.AddMinutes(1)));
        Assert.True(report.Healthy, string.Join("; ", report.Findings));
    }

    [Fact]
    public void A_feed_waiting_out_a_backoff_or_retry_after_is_not_late_until_that_wait_is_over_and_a_period_more()
    {
        var now = Start.AddHours(3);
        var waiting = Feed("wire", now.AddHours(-2), nextAttempt: now.AddMinutes(30));
        Assert.True(Check(now, Started(Start), waiting, Feed("desk", now)).Healthy);
        Assert.False(Check(now.AddMinutes(30 + 32), Started(Start), waiting, Feed("desk", now.AddMinutes(61))).Healthy);
    }

    [Fact]
    public void A_gone_feed_is_never_late_and_a_disabled_one_is_not_checked()
    {
        var now = Start.AddDays(3);
        var report = Check(now, Started(Start), Feed("wire", Start, gone: Start), Feed("desk", now.AddMinutes(-1)), Digest(new DateTimeOffset(now.UtcDateTime.Date.AddHours(6), TimeSpan.Zero)));
        Assert.True(report.Healthy, string.Join("; ", report.Findings));
        Assert.Contains("2 feeds polled on time", report.Findings[0], StringComparison.Ordinal);
    }

    // The digest (07:00 Europe/Berlin is 06:00 UTC in November)
    [Fact]
    public void The_due_digest_made_after_its_time_is_healthy()
    {
        var now = new DateTimeOffset(2026, 11, 24, 6, 30, 0, TimeSpan.Zero);
        var report = Check(now, Started(Start.AddDays(-1)), Feed("wire", now), Feed("desk", now), Digest(new DateTimeOffset(2026, 11, 24, 6, 0, 1, TimeSpan.Zero)));
        Assert.True(report.Healthy, string.Join("; ", report.Findings));
        Assert.Contains("the last digest ran at 2026-11-24 07:00 Europe/Berlin: ok", report.Findings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_due_digest_not_made_while_a_worker_was_running_is_unhealthy_after_the_grace_time()
    {
        var yesterdays = Digest(new DateTimeOffset(2026, 11, 23, 6, 0, 1, TimeSpan.Zero));
        var withinGrace = new DateTimeOffset(2026, 11, 24, 6, 14, 0, TimeSpan.Zero);
        Assert.True(Check(withinGrace, Started(Start.AddDays(-1)), Feed("wire", withinGrace), Feed("desk", withinGrace), yesterdays).Healthy);

        var late = new DateTimeOffset(2026, 11, 24, 6, 16, 0, TimeSpan.Zero);
        var report = Check(late, Started(Start.AddDays(-1)), Feed("wire", late), Feed("desk", late), yesterdays);
        Assert.False(report.Healthy);
        Assert.Contains("the digest due at 2026-11-24 07:00 Europe/Berlin was not made (the last ran at 2026-11-23 07:00 Europe/Berlin)", report.Findings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_digest_due_before_the_worker_started_is_not_expected()
    {
        var start = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        var now = start.AddMinutes(10);
        var report = Check(now, Started(start), Feed("wire", now), Feed("desk", now));
        Assert.True(report.Healthy, string.Join("; ", report.Findings));
        Assert.Contains("no digest due since the worker started", report.Findings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_no_worker_has_started_against_is_unhealthy_and_says_what_to_do()
    {
        var report = HealthCheck.Evaluate(_settings, [], [], schemaVersion: 0, Start);
        Assert.False(report.Healthy);
        Assert.Contains("start FeedWatch with `run`", Assert.Single(report.Findings), StringComparison.Ordinal);
    }

    // Cron arithmetic (Quartz computes only forward)
    [Theory]
    [InlineData("0 0 7 * * ?", "Europe/Berlin", "2026-11-24T06:14:00Z", "2026-11-24T06:00:00Z")]
    [InlineData("0 0 7 * * ?", "Europe/Berlin", "2026-11-24T05:59:59Z", "2026-11-23T06:00:00Z")]
    [InlineData("0 0 7 ? * MON", "UTC", "2026-11-24T06:00:00Z", "2026-11-23T07:00:00Z")]
    [InlineData("* * * * * ?", "UTC", "2026-11-24T06:00:00Z", "2026-11-24T06:00:00Z")]
    [InlineData("0 0 7 1 1 ?", "UTC", "2026-11-24T06:00:00Z", "2026-01-01T07:00:00Z")]
    public void The_last_fire_time_of_a_cron_is_found_by_walking_forward(string cron, string zone, string until, string expected)
    {
        var expression = new CronExpression(cron, TimeZoneInfo.FindSystemTimeZoneById(zone));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), HealthCheck.LastFireTime(expression, DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
