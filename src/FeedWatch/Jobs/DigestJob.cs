using FeedWatch.Digest;
using FeedWatch.Storage;
using Microsoft.Extensions.Logging;
using Quartz;

namespace FeedWatch.Jobs;

/// <summary>The Quartz job of the digest cron: a thin adapter around <see cref="DigestService"/>.</summary>
[DisallowConcurrentExecution]
public sealed class DigestJob : IJob
{
    public static readonly JobKey Key = new("digest", "digest");

    private readonly DigestService _digests;
    private readonly IOperationsStore _runs;
    private readonly TimeProvider _clock;
    private readonly ILogger<DigestJob> _log;

    public DigestJob(DigestService digests, IOperationsStore runs, TimeProvider clock, ILogger<DigestJob> log)
    {
        _digests = digests;
        _runs = runs;
        _clock = clock;
        _log = log;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var started = _clock.GetUtcNow();
        try
        {
            var run = await _digests.RunAsync(byHand: false, cancellationToken).ConfigureAwait(false);
            if (run.DigestId is null && run.Deliveries.Count == 0) _log.LogInformation("Digest: nothing changed, nothing sent");
            // The digest happened (a message the server did not take waits in the outbox, which says so): health reads this.
            var outcome = run.Error ?? (run.Failed ? "made; a message waits in the outbox" : "ok");
            await _runs.RecordJobRunAsync(new JobRun(JobRun.Digest, JobRun.ThisInstance, started, _clock.GetUtcNow(), outcome), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _log.LogInformation("Digest stopped by shutdown; what was recorded is sent at the next run");
        }
#pragma warning disable CA1031 // the job is the boundary: nothing may escape into the scheduler
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.LogError(e, "Digest: unexpected failure (a bug; please report it with this log); the stories stay pending");
        }
    }
}
