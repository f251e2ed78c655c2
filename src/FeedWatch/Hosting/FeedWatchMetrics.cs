using System.Diagnostics.Metrics;
using FeedWatch.Feeds;

namespace FeedWatch.Hosting;

/// <summary>
/// The numbers operators watch, as System.Diagnostics.Metrics instruments on the meter "FeedWatch": exported by
/// OpenTelemetry when an OTLP endpoint is configured, readable by any MeterListener (dotnet-counters too).
/// Names follow the OpenTelemetry conventions: dotted, lower case, units in the unit field.
/// </summary>
public sealed class FeedWatchMetrics : IDisposable
{
    public const string MeterName = "FeedWatch";

    private readonly Meter _meter;
    private readonly Counter<long> _polls;
    private readonly Counter<long> _items;
    private readonly Counter<long> _meetings;
    private readonly Counter<long> _pages;
    private readonly Counter<long> _digests;
    private readonly Histogram<double> _pollDuration;

    public FeedWatchMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _polls = _meter.CreateCounter<long>("feedwatch.feed.polls", "{poll}", "Feed polls, by outcome (updated, not_modified, failed, deferred, gone).");
        _items = _meter.CreateCounter<long>("feedwatch.items.new", "{item}", "New feed items stored.");
        _meetings = _meter.CreateCounter<long>("feedwatch.meetings.found", "{meeting}", "Meetings reported in new items (held ones not counted).");
        _pages = _meter.CreateCounter<long>("feedwatch.pages", "{page}", "Linked pages, by result (read, failed).");
        _digests = _meter.CreateCounter<long>("feedwatch.digests", "{digest}", "Digests, by result (delivered, failed).");
        _pollDuration = _meter.CreateHistogram<double>("feedwatch.feed.poll.duration", "s", "Time of one feed poll: fetch, parse, pages, analysis, store.");
    }

    /// <summary>This host's meter (each host has its own; listeners tell them apart by instance).</summary>
    internal Meter Meter => _meter;

    public void Poll(PollSummary summary, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var outcome = new KeyValuePair<string, object?>("outcome", summary.Outcome switch
        {
            PollOutcome.Updated => "updated",
            PollOutcome.NotModified => "not_modified",
            PollOutcome.Failed => "failed",
            PollOutcome.Deferred => "deferred",
            _ => "gone",
        });
        _polls.Add(1, outcome);
        if (summary.Outcome is PollOutcome.Deferred or PollOutcome.Gone) return;
        _pollDuration.Record(elapsed.TotalSeconds, outcome);
        if (summary.NewItems > 0) _items.Add(summary.NewItems);
        if (summary.Meetings > 0) _meetings.Add(summary.Meetings);
        if (summary.Pages > 0) _pages.Add(summary.Pages, new KeyValuePair<string, object?>("result", "read"));
        if (summary.PageFailures > 0) _pages.Add(summary.PageFailures, new KeyValuePair<string, object?>("result", "failed"));
    }

    public void Digest(bool delivered) => _digests.Add(1, new KeyValuePair<string, object?>("result", delivered ? "delivered" : "failed"));

    public void Dispose() => _meter.Dispose();
}
