using FeedWatch.Digest;
using Microsoft.Extensions.Logging;
using Quartz;

namespace FeedWatch.Jobs;

/// <summary>The Quartz job of the digest cron: a thin adapter around <see cref="DigestService"/>.</summary>
[DisallowConcurrentExecution]
public sealed class DigestJob : IJob
{
    public static readonly JobKey Key = new("digest", "digest");

    private readonly DigestService _digests;
    private readonly ILogger<DigestJob> _log;

    public DigestJob(DigestService digests, ILogger<DigestJob> log)
    {
        _digests = digests;
        _log = log;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var run = await _digests.RunAsync(byHand: false, cancellationToken).ConfigureAwait(false);
            if (run.DigestId is null && run.Deliveries.Count == 0) _log.LogInformation("Digest: nothing changed, nothing sent");
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
