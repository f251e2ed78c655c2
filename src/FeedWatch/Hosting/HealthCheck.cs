using System.Globalization;
using FeedWatch.Configuration;
using FeedWatch.Storage;
using Quartz;

namespace FeedWatch.Hosting;

/// <summary>What <c>health</c> found: healthy or not, and why, one finding a line.</summary>
public sealed record HealthReport(bool Healthy, IReadOnlyList<string> Findings);

/// <summary>
/// Decides from the store alone (so it holds for a whole cluster, whichever instance polled) whether the worker is
/// keeping time: every enabled feed polled within its schedule, and the last digest that was due made.
/// </summary>
/// <remarks>
/// A feed is late when it has gone unpolled for two of its periods plus the fetch timeout and the start jitter,
/// counted from its last poll or, if later, from the latest start of a worker (a feed waits for its first poll after
/// a start; a feed in backoff or waiting for Retry-After counts from that time instead). A feed that answered 410 is
/// never late: it waits for a new URL. The digest is late when its cron's last fire time, older than
/// <see cref="DigestGrace"/>, passed while a worker was running and no digest run finished after it. A digest whose
/// message the mail server has not taken yet did happen: the outbox retries it, and health says so without failing.
/// </remarks>
public static class HealthCheck
{
    /// <summary>How long after its time a digest may take before it counts as missed: folding and sending take a while.</summary>
    public static readonly TimeSpan DigestGrace = TimeSpan.FromMinutes(15);

    private const int MaxNamed = 5;

    public static HealthReport Evaluate(FeedWatchSettings settings, IReadOnlyList<FeedState> feeds, IReadOnlyList<JobRun> runs, int schemaVersion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(runs);
        var findings = new List<string>();
        var start = runs.FirstOrDefault(r => r.Job == JobRun.Start);
        if (schemaVersion == 0 || start is null)
        {
            findings.Add("no worker has started against this store yet (or it cannot be read): start FeedWatch with `run`, and check FeedWatch:DataDirectory / FeedWatch:Storage");
            return new HealthReport(false, findings);
        }
        var healthy = true;

        // Feeds: each on its own period.
        var states = feeds.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var polling = settings.Options.Polling;
        var late = new List<string>();
        var enabled = 0;
        DateTimeOffset? latestPoll = null;
        foreach (var feed in settings.EnabledFeeds)
        {
            enabled++;
            states.TryGetValue(feed.Name, out var state);
            if (state?.LastPolledUtc is { } polled && (latestPoll is null || polled > latestPoll)) latestPoll = polled;
            if (state?.IsGone == true) continue;
            var period = Period(feed.Schedule, now);
            var from = state?.LastPolledUtc is { } p && p > start.StartedUtc ? p : start.StartedUtc;
            var due = from + period;
            if (state?.NextAttemptUtc is { } waitUntil && waitUntil > due) due = waitUntil;
            var allowed = period + polling.Timeout + polling.Jitter;
            if (now > due + allowed)
            {
                late.Add(string.Create(CultureInfo.InvariantCulture,
                    $"\"{feed.Name}\" (last polled {(state?.LastPolledUtc is { } lp ? lp.ToString("u", CultureInfo.InvariantCulture) : "never")}, every {Describe(period)})"));
            }
        }
        if (late.Count > 0)
        {
            healthy = false;
            findings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{late.Count} of {enabled} feeds not polled on time: {string.Join(", ", late.Take(MaxNamed))}{(late.Count > MaxNamed ? $" and {late.Count - MaxNamed} more" : "")}; is the worker running, and its scheduler (logs)?"));
        }
        else
        {
            findings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{enabled} feeds polled on time{(latestPoll is { } lp ? $" (latest poll {lp:u})" : "")}"));
        }

        // The digest: the last fire time old enough to have finished.
        var zone = settings.DigestTimeZone;
        var cron = new CronExpression(settings.Options.Digest.Cron, zone);
        var dueDigest = LastFireTime(cron, now - DigestGrace);
        var digest = runs.FirstOrDefault(r => r.Job == JobRun.Digest);
        if (dueDigest is { } d && d >= start.StartedUtc && (digest is null || digest.FinishedUtc < d))
        {
            healthy = false;
            findings.Add(string.Create(CultureInfo.InvariantCulture,
                $"the digest due at {Local(d, zone)} was not made{(digest is null ? " (no digest has run yet)" : $" (the last ran at {Local(digest.FinishedUtc, zone)})")}; check the worker's logs"));
        }
        else if (digest is not null)
        {
            findings.Add($"the last digest ran at {Local(digest.FinishedUtc, zone)}: {digest.Outcome}");
        }
        else
        {
            findings.Add(dueDigest is { } missedBeforeStart
                ? $"no digest due since the worker started (the last was due at {Local(missedBeforeStart, zone)})"
                : "no digest due yet");
        }
        return new HealthReport(healthy, findings);
    }

    /// <summary>An interval, or a cron's current gap between two firings.</summary>
    internal static TimeSpan Period(FeedSchedule schedule, DateTimeOffset now)
    {
        if (schedule.Interval is { } interval) return interval;
        var cron = new CronExpression(schedule.Cron!, TimeZoneInfo.Utc);
        var first = cron.GetNextValidTimeAfter(now);
        var second = first is { } f ? cron.GetNextValidTimeAfter(f) : null;
        return first is { } a && second is { } b ? b - a : TimeSpan.FromDays(1);
    }

    /// <summary>
    /// The cron's last fire time at or before <paramref name="until"/>, within a year; null if none. Quartz computes
    /// only forward, so this walks forward from ever earlier points (an hour back first: a per-second cron costs
    /// 3,600 steps, a daily one finds its time within a week's walk).
    /// </summary>
    internal static DateTimeOffset? LastFireTime(CronExpression cron, DateTimeOffset until)
    {
        foreach (var back in (ReadOnlySpan<TimeSpan>)[TimeSpan.FromHours(1), TimeSpan.FromDays(2), TimeSpan.FromDays(32), TimeSpan.FromDays(367)])
        {
            DateTimeOffset? last = null;
            var t = cron.GetNextValidTimeAfter(until - back);
            for (var steps = 0; t is { } fire && fire <= until && steps < 10_000; steps++)
            {
                last = fire;
                t = cron.GetNextValidTimeAfter(fire);
            }
            if (last is not null) return last;
        }
        return null;
    }

    private static string Local(DateTimeOffset utc, TimeZoneInfo zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(utc, zone):yyyy-MM-dd HH:mm} {zone.Id}");

    private static string Describe(TimeSpan t) => t.ToString(t.TotalDays >= 1 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
