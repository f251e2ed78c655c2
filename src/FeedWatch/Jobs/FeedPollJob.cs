using FeedWatch.Feeds;
using FeedWatch.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using FeedWatch.Configuration;
using Quartz;

namespace FeedWatch.Jobs;

/// <summary>
/// The Quartz job of one feed (one job per feed): a thin adapter around <see cref="FeedRefresher"/>. A feed is
/// polled by one poller at a time, among all instances sharing the store: the job takes the feed's lock in the
/// store, and a firing that finds it taken (a poll still running here or on another instance) is skipped. The
/// refresher records feed failures as state; anything else reaching this job is a bug, logged here so it never
/// escapes into the scheduler.
/// </summary>
/// <remarks>
/// Not [DisallowConcurrentExecution]: on Quartz's clustered store that takes the cluster-wide trigger lock for every
/// firing and every completion, and with a thousand feeds that lock was most of a round's time (measured with
/// pg_stat_statements: 72 s of lock waits, summed over the pollers, in a 15 s round of one instance; 3 s without).
/// </remarks>
public sealed class FeedPollJob : IJob
{
    public const string Group = "feeds";
    public const string FeedKey = "feed";

    private readonly FeedRegistry _registry;
    private readonly FeedRefresher _refresher;
    private readonly IFeedStore _store;
    private readonly IOptionsMonitor<FeedWatchOptions> _options;
    private readonly ILogger<FeedPollJob> _log;

    public FeedPollJob(FeedRegistry registry, FeedRefresher refresher, IFeedStore store, IOptionsMonitor<FeedWatchOptions> options, ILogger<FeedPollJob> log)
    {
        _registry = registry;
        _refresher = refresher;
        _store = store;
        _options = options;
        _log = log;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.MergedJobDataMap.GetString(FeedKey) ?? context.JobDetail.Key.Name;
        var feed = _registry.Find(name);
        if (feed is null) return; // removed from the configuration while this firing was on its way
        try
        {
            // A cron schedule fires every feed on it in the same second; spread them as the interval triggers are.
            if (feed.Schedule.Cron is not null) await Task.Delay(Jitter.Offset(feed.Name, _options.CurrentValue.Polling.Jitter), cancellationToken).ConfigureAwait(false);
            var held = await _store.TryLockFeedAsync(feed.Name, cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                if (_log.IsEnabled(LogLevel.Debug)) _log.LogDebug("Feed {Feed}: a poll of it is still running (here or on another instance); this firing is skipped", name);
                return;
            }
            await using var _ = held.ConfigureAwait(false);
            var summary = await _refresher.RefreshAsync(feed, cancellationToken).ConfigureAwait(false);
            // News is worth a line; a feed with nothing new is not (a thousand of those every quarter hour).
            var level = summary.NewItems > 0 ? LogLevel.Information : LogLevel.Debug;
            if (_log.IsEnabled(level)) _log.Log(level, "Feed {Feed}: {Outcome}, {New} new items, {Meetings} meetings", summary.Feed, summary.Outcome, summary.NewItems, summary.Meetings);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("Feed {Feed}: poll stopped by shutdown; nothing of it was stored, it runs again at the next start", name);
        }
#pragma warning disable CA1031 // the job is the boundary: nothing may escape into the scheduler
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.LogError(e, "Feed {Feed}: unexpected failure (a bug; please report it with this log)", name);
        }
    }
}
