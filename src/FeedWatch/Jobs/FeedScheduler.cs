using FeedWatch.Configuration;
using FeedWatch.Storage;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedWatch.Jobs;

/// <summary>
/// Keeps Quartz's jobs in step with the configuration: at start it prepares the store and schedules one job per
/// enabled feed (its own cron or interval, else the default interval; start times spread by <see cref="Jitter"/>)
/// and the digest job on its cron in its time zone. When the configuration changes (appsettings.json edited, the
/// --config file edited) it adds, removes and reschedules feed jobs without a restart; a change that does not
/// validate is logged with its errors and the running schedule kept.
/// </summary>
public sealed class FeedScheduler : IHostedService, IDisposable
{
    private readonly ISchedulerFactory _schedulers;
    private readonly IFeedStore _store;
    private readonly IOperationsStore _runs;
    private readonly FeedRegistry _registry;
    private readonly FeedWatchSettings _settings;
    private readonly IOptionsMonitor<FeedWatchOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<FeedScheduler> _log;
    private readonly SemaphoreSlim _reconciling = new(1, 1);
    private IDisposable? _subscription;
    private CompositeDisposable? _feedsFileWatch;
    private int _changes;
    private readonly CancellationTokenSource _stopping = new();

    public FeedScheduler(ISchedulerFactory schedulers, IFeedStore store, IOperationsStore runs, FeedRegistry registry, FeedWatchSettings settings,
        IOptionsMonitor<FeedWatchOptions> options, TimeProvider clock, ILogger<FeedScheduler> log)
    {
        _schedulers = schedulers;
        _store = store;
        _runs = runs;
        _registry = registry;
        _settings = settings;
        _options = options;
        _clock = clock;
        _log = log;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var scheduler = await _schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await ReconcileAsync(_settings, cancellationToken).ConfigureAwait(false);

        var digest = _settings.Options.Digest;
        var digestSignature = $"{digest.Cron} {_settings.DigestTimeZone.Id}";
        var digestKey = new TriggerKey("digest", "digest");
        // In a cluster the other instances share this trigger: left as it is when it already says the same, so an
        // instance starting at 07:00 does not reset a firing under way elsewhere.
        if ((await scheduler.GetTrigger(digestKey, cancellationToken).ConfigureAwait(false))?.Description != digestSignature)
        {
            var job = JobBuilder.Create<DigestJob>().WithIdentity(DigestJob.Key).Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(digestKey)
                .WithDescription(digestSignature)
                .ForJob(job)
                .WithCronSchedule(digest.Cron, x => x.InTimeZone(_settings.DigestTimeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build();
            var next = await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("Digest scheduled on \"{Cron}\" ({Zone}); next at {Next:u}", digest.Cron, _settings.DigestTimeZone.Id, next);
        }

        var outbox = JobBuilder.Create<OutboxJob>().WithIdentity(OutboxJob.Key).Build();
        var retries = TriggerBuilder.Create()
            .WithIdentity("outbox", "digest")
            .ForJob(outbox)
            .StartAt(_clock.GetUtcNow() + OutboxJob.Interval(_settings.Options.Smtp.RetryBackoff))
            .WithSimpleSchedule(x => x.WithInterval(OutboxJob.Interval(_settings.Options.Smtp.RetryBackoff)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(outbox, retries, ScheduleJobOptions.Replacing, cancellationToken).ConfigureAwait(false);

        _subscription = _options.OnChange((_, _) => OnConfigurationChanged());
        WatchFeedsFile(_settings);
        // Quartz's persistent store (a cluster) fires a digest missed while every instance was down by itself
        // (FireAndProceed); the in-memory store starts afresh, so its missed digest is made here.
        if (_settings.Options.Storage.Provider != StorageProvider.PostgreSql) await CatchUpDigestAsync(scheduler, cancellationToken).ConfigureAwait(false);
        // health measures a feed that was never polled from the latest start.
        var now = _clock.GetUtcNow();
        await _runs.RecordJobRunAsync(new JobRun(JobRun.Start, JobRun.ThisInstance, now, now, "ok"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the digest now when its last fire time passed while the worker was stopped: a worker had started
    /// before that time, and no digest ran after it. A first start never catches up (nothing was promised yet).
    /// </summary>
    private async Task CatchUpDigestAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var runs = await _runs.GetJobRunsAsync(cancellationToken).ConfigureAwait(false);
        var previousStart = runs.FirstOrDefault(r => r.Job == JobRun.Start);
        var lastDigest = runs.FirstOrDefault(r => r.Job == JobRun.Digest);
        var due = Hosting.HealthCheck.LastFireTime(new CronExpression(_settings.Options.Digest.Cron, _settings.DigestTimeZone), _clock.GetUtcNow());
        if (previousStart is null || due is not { } missed || missed <= previousStart.StartedUtc || lastDigest?.FinishedUtc >= missed) return;
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("The digest due at {Due:u} was missed while the worker was stopped; making it now", missed);
        await scheduler.TriggerJob(DigestJob.Key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An OPML feed list is a file of its own: editing it reschedules the feeds as editing appsettings.json does.</summary>
    private void WatchFeedsFile(FeedWatchSettings settings)
    {
        _feedsFileWatch?.Dispose();
        _feedsFileWatch = null;
        if (string.IsNullOrWhiteSpace(settings.Options.FeedsFile)) return;
        var path = Path.GetFullPath(settings.Options.FeedsFile, settings.AppFolder);
        var folder = Path.GetDirectoryName(path);
        if (folder is null || !Directory.Exists(folder)) return;
        var files = new PhysicalFileProvider(folder);
        _feedsFileWatch = new CompositeDisposable(files, ChangeToken.OnChange(() => files.Watch(Path.GetFileName(path)), OnConfigurationChanged));
    }

    private sealed class CompositeDisposable(params IDisposable[] parts) : IDisposable
    {
        public void Dispose()
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _log.LogInformation("Stopped; polls that were in flight have finished and are stored");
        _subscription?.Dispose();
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _feedsFileWatch?.Dispose();
        _stopping.Dispose();
        _reconciling.Dispose();
    }

    /// <summary>Editors save a file in several writes: wait until the changes stop for half a second, then apply once.</summary>
    private void OnConfigurationChanged()
    {
        var mine = Interlocked.Increment(ref _changes);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), _stopping.Token).ConfigureAwait(false);
                if (Volatile.Read(ref _changes) != mine) return;
                var settings = FeedWatchSettings.Resolve(_options.CurrentValue, _settings.AppFolder, Environment.CurrentDirectory);
                if (!settings.IsValid)
                {
                    if (_log.IsEnabled(LogLevel.Error)) _log.LogError("The changed configuration is not valid; the feeds keep their current schedule until it is fixed:\n  {Errors}", string.Join("\n  ", settings.Errors));
                    return;
                }
                await ReconcileAsync(settings, _stopping.Token).ConfigureAwait(false);
                if (settings.Options.FeedsFile != _settings.Options.FeedsFile) WatchFeedsFile(settings);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // stopping: the next start reads the configuration afresh
            }
#pragma warning disable CA1031 // a background callback: log, never crash the host
            catch (Exception e)
#pragma warning restore CA1031
            {
                _log.LogError(e, "Applying the changed configuration failed (a bug; please report it); the feeds keep their current schedule");
            }
        });
    }

    /// <summary>Makes the scheduler's feed jobs match <paramref name="settings"/>: add new ones, drop removed or disabled ones, reschedule changed ones.</summary>
    internal async Task ReconcileAsync(FeedWatchSettings settings, CancellationToken cancellationToken)
    {
        await _reconciling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var scheduler = await _schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
            var wanted = settings.EnabledFeeds.ToDictionary(f => f.Name, StringComparer.Ordinal);
            _registry.Replace(wanted.Values);
            var existing = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(FeedPollJob.Group), cancellationToken).ConfigureAwait(false);
            var removed = existing.Where(k => !wanted.ContainsKey(k.Name)).ToList();
            if (removed.Count > 0) await scheduler.DeleteJobs(removed, cancellationToken).ConfigureAwait(false);

            int added = 0, changed = 0;
            var jitter = settings.Options.Polling.Jitter;
            var now = _clock.GetUtcNow();
            foreach (var feed in wanted.Values)
            {
                var key = new JobKey(feed.Name, FeedPollJob.Group);
                var triggerKey = new TriggerKey(feed.Name, FeedPollJob.Group);
                var current = await scheduler.GetTrigger(triggerKey, cancellationToken).ConfigureAwait(false);
                var signature = feed.Schedule.ToString();
                if (current is not null && current.Description == signature) continue;
                if (current is null) added++; else changed++;

                // RequestRecovery: a poll an instance of a cluster was running when it died runs again on another one.
                var job = JobBuilder.Create<FeedPollJob>().WithIdentity(key).UsingJobData(FeedPollJob.FeedKey, feed.Name).RequestRecovery().Build();
                var builder = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(job).WithDescription(signature);
                if (feed.Schedule.Interval is { } interval)
                {
                    // First poll within the jitter window (never later than one interval), then every interval from there.
                    var offset = Jitter.Offset(feed.Name, jitter < interval ? jitter : interval);
                    builder = builder.StartAt(now + offset)
                        .WithSimpleSchedule(x => x.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
                }
                else
                {
                    builder = builder.StartNow().WithCronSchedule(feed.Schedule.Cron!, x => x.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing));
                }
                await scheduler.ScheduleJob(job, builder.Build(), ScheduleJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
            }
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("Feeds scheduled: {Total} enabled ({Added} added, {Changed} rescheduled, {Removed} removed)", wanted.Count, added, changed, removed.Count);
        }
        finally
        {
            _reconciling.Release();
        }
    }
}
