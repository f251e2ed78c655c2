using FeedWatch.Storage;
using FeedWatch.Stories;
using Microsoft.Extensions.Logging;

namespace FeedWatch.Digest;

/// <summary>What a digest run did: the fold, the digest recorded (if any), every delivery attempted.</summary>
public sealed record DigestRun(FoldSummary Fold, long? DigestId, int Stories, IReadOnlyList<DeliveryResult> Deliveries, string? Error)
{
    /// <summary>A message could not be delivered (it waits in the outbox), or the digest could not be made.</summary>
    public bool Failed => Error is not null || Deliveries.Any(d => !d.Delivered);
}

/// <summary>
/// One digest, start to end: fold new items into stories; send what the outbox still holds from earlier runs;
/// record the next digest (its messages and what it tells of each story, in one transaction, before sending); send it.
/// Failures are recorded on the messages, never thrown; only cancellation (the host stopping) escapes, leaving
/// the outbox to the next run.
/// </summary>
public sealed class DigestService
{
    private readonly StoryTracker _tracker;
    private readonly DigestBuilder _builder;
    private readonly IStoryStore _store;
    private readonly OutboxSender _outbox;
    private readonly TimeProvider _clock;
    private readonly ILogger<DigestService> _log;

    public DigestService(StoryTracker tracker, DigestBuilder builder, IStoryStore store, OutboxSender outbox, TimeProvider clock, ILogger<DigestService> log)
    {
        _tracker = tracker;
        _builder = builder;
        _store = store;
        _outbox = outbox;
        _clock = clock;
        _log = log;
    }

    /// <param name="byHand">A run asked for by hand (<c>once</c>): messages backing off after a failure are tried now too.</param>
    public async Task<DigestRun> RunAsync(bool byHand, CancellationToken cancellationToken)
    {
        var fold = await _tracker.FoldPendingAsync(cancellationToken).ConfigureAwait(false);
        var deliveries = new List<DeliveryResult>(await _outbox.SendPendingAsync(byHand, cancellationToken).ConfigureAwait(false));
        long? digestId = null;
        var stories = 0;
        try
        {
            var content = await _builder.PrepareAsync(_clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (content.ToDraft() is { } draft)
            {
                digestId = await _store.RecordDigestAsync(draft, cancellationToken).ConfigureAwait(false);
                stories = content.Changed.Count;
                if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("Digest {Id} recorded: {Stories} stories changed, {Messages} messages", digestId, stories, draft.Messages.Count);
            }
        }
        catch (DigestTemplateException e)
        {
            // Nothing was recorded: the stories stay as they were and the next run tries again.
            if (_log.IsEnabled(LogLevel.Error)) _log.LogError("Digest not made: {Error}", e.Message);
            return new DigestRun(fold, null, 0, deliveries, e.Message);
        }
        if (digestId is not null) deliveries.AddRange(await _outbox.SendPendingAsync(false, cancellationToken).ConfigureAwait(false));
        return new DigestRun(fold, digestId, stories, deliveries, null);
    }
}
