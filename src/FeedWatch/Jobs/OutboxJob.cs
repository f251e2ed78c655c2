using FeedWatch.Digest;
using Microsoft.Extensions.Logging;
using Quartz;

namespace FeedWatch.Jobs;

/// <summary>
/// Retries the outbox between digests: a message the server refused, or could not take, is sent again when its
/// backoff is over, not at the next digest a day later.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OutboxJob : IJob
{
    public static readonly JobKey Key = new("outbox", "digest");

    private readonly OutboxSender _outbox;
    private readonly ILogger<OutboxJob> _log;

    public OutboxJob(OutboxSender outbox, ILogger<OutboxJob> log)
    {
        _outbox = outbox;
        _log = log;
    }

    /// <summary>How often the outbox is looked at: as often as the shortest backoff, at most once a minute, at least once a second.</summary>
    public static TimeSpan Interval(TimeSpan retryBackoff) =>
        retryBackoff < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryBackoff > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : retryBackoff;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await _outbox.SendPendingAsync(includeBackingOff: false, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping: the outbox keeps what is unsent
        }
#pragma warning disable CA1031 // the job is the boundary: nothing may escape into the scheduler
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.LogError(e, "Outbox: unexpected failure (a bug; please report it with this log); the messages stay in the outbox");
        }
    }
}
