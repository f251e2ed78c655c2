using FeedWatch.Configuration;
using FeedWatch.Storage;
using Microsoft.Extensions.Logging;

namespace FeedWatch.Digest;

/// <summary>What a digest run did.</summary>
public sealed record DigestSummary(long? DigestId, int Reports, string? Path, string? Error);

/// <summary>
/// Makes the digest through an outbox: first finish a digest recorded earlier but not delivered (a crash or a
/// failure stopped it); then record a new one holding every report not yet in a digest, write it, and mark it
/// delivered. Recording claims the reports in the same transaction, so no report is in two digests; delivery is
/// marked only after the files are in place, so a crash in between writes the same files again, never new ones.
/// </summary>
public sealed class DigestService
{
    private readonly IFeedStore _store;
    private readonly FeedWatchSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<DigestService> _log;

    public DigestService(IFeedStore store, FeedWatchSettings settings, TimeProvider clock, ILogger<DigestService> log)
    {
        _store = store;
        _settings = settings;
        _clock = clock;
        _log = log;
    }

    public async Task<IReadOnlyList<DigestSummary>> RunAsync(CancellationToken cancellationToken)
    {
        var done = new List<DigestSummary>();
        var pending = await _store.GetUndeliveredDigestAsync(cancellationToken).ConfigureAwait(false);
        if (pending is not null)
        {
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("Digest {Id} was recorded but not delivered; delivering it now", pending.Id);
            var first = await DeliverAsync(pending, cancellationToken).ConfigureAwait(false);
            done.Add(first);
            if (first.Error is not null) return done; // the next run tries again; new reports wait behind it
        }
        var digest = await _store.CreateDigestAsync(_settings.Options.Digest.Subject, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (digest is not null) done.Add(await DeliverAsync(digest, cancellationToken).ConfigureAwait(false));
        return done;
    }

    private async Task<DigestSummary> DeliverAsync(DigestRecord digest, CancellationToken cancellationToken)
    {
        var reports = await _store.GetDigestReportsAsync(digest.Id, cancellationToken).ConfigureAwait(false);
        try
        {
            var message = DigestComposer.Compose(digest, reports, _settings.Options.Digest, _settings.DigestTimeZone);
            var html = DigestComposer.Html(digest, reports, _settings.DigestTimeZone);
            var writer = new PickupFolderWriter(_settings.PickupDirectory);
            var path = await writer.WriteAsync(digest, message, html, cancellationToken).ConfigureAwait(false);
            await _store.MarkDigestDeliveredAsync(digest.Id, "pickup:" + path, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("Digest {Id} with {Reports} reports written to {Path}", digest.Id, reports.Count, path);
            return new DigestSummary(digest.Id, reports.Count, path, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var error = $"cannot write to the pickup folder {_settings.PickupDirectory}: {e.Message}; check FeedWatch:DataDirectory and its permissions";
            await _store.RecordDigestFailureAsync(digest.Id, error, cancellationToken).ConfigureAwait(false);
            if (_log.IsEnabled(LogLevel.Error)) _log.LogError("Digest {Id}: {Error}; it stays recorded and is written on the next run", digest.Id, error);
            return new DigestSummary(digest.Id, reports.Count, null, error);
        }
    }
}
