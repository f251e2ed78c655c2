using FeedWatch.Configuration;
using FeedWatch.Storage;
using Microsoft.Extensions.Logging;

namespace FeedWatch.Stories;

/// <summary>What one fold did.</summary>
public sealed record FoldSummary(int Items, int Reports, int StoriesChanged, int Copies);

/// <summary>
/// Folds analysed items into stories: every item not yet folded, oldest report first, so each story's timeline
/// grows in the order things were said. It runs before each digest, preview and reanalysis rather than in each poll:
/// polls run many at a time and would race to start the same story, and a fold in one place, one writer at a time,
/// needs no coordination (and leaves the poll's code alone). Each batch is written in one transaction, so a stop
/// anywhere leaves the items either folded or waiting.
/// </summary>
public sealed class StoryTracker : IDisposable
{
    private const int BatchSize = 2000;
    private const int MaxConflicts = 5;

    private readonly IStoryStore _store;
    private readonly FeedWatchSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<StoryTracker> _log;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public StoryTracker(IStoryStore store, FeedWatchSettings settings, TimeProvider clock, ILogger<StoryTracker> log)
    {
        _store = store;
        _settings = settings;
        _clock = clock;
        _log = log;
    }

    public void Dispose() => _gate.Dispose();

    public Task<FoldSummary> FoldPendingAsync(CancellationToken cancellationToken) => FoldAsync(null, cancellationToken);

    /// <param name="hints">For items taken out of their stories by a reanalysis: the stories to rejoin, the digest that showed them.</param>
    internal async Task<FoldSummary> FoldAsync(IReadOnlyDictionary<long, RefoldHint>? hints, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stories = _settings.Options.Stories;
            var windowDays = (int)Math.Ceiling(stories.MatchWindow.TotalDays);
            int items = 0, reports = 0, changed = 0, copies = 0, conflicts = 0;
            var hinted = hints?.Values.SelectMany(h => h.StoryIds).ToHashSet() ?? [];
            while (true)
            {
                var pending = await _store.GetUnfoldedItemsAsync(BatchSize, cancellationToken).ConfigureAwait(false);
                if (pending.Count == 0 && hinted.Count == 0) break;
                var now = _clock.GetUtcNow();
                var folder = new StoryFolder(stories.MatchWindow, stories.DuplicateSimilarity);
                var keys = pending.SelectMany(p => p.Meetings).Select(m => Story.KeyOf(m.Participants)).ToHashSet(StringComparer.Ordinal);
                var first = pending.Count == 0 ? DateOnly.MaxValue : pending.Min(EarliestDay);
                var earliest = first.DayNumber > windowDays ? first.AddDays(-windowDays) : DateOnly.MinValue;
                var loaded = await _store.LoadStoriesAsync(keys, earliest, hinted, cancellationToken).ConfigureAwait(false);
                var byKey = loaded.GroupBy(s => s.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
                // Stories that lost reports to a reanalysis are written again even if nothing rejoins them (or removed, if empty).
                var touched = loaded.Where(s => hinted.Contains(s.Id)).ToHashSet();
                var folded = new Dictionary<long, TextFingerprint?>();
                var batchReports = 0;
                var batchCopies = 0;
                foreach (var item in pending)
                {
                    var fingerprint = item.Meetings.Count == 0 ? null : TextFingerprint.Of(string.IsNullOrWhiteSpace(item.Text) ? item.Title : item.Text);
                    folded[item.ItemId] = fingerprint;
                    var hint = hints?.GetValueOrDefault(item.ItemId);
                    for (var i = 0; i < item.Meetings.Count; i++)
                    {
                        var meeting = item.Meetings[i];
                        if (meeting.Participants.Count == 0) continue;
                        var report = new StoryReport(item.ItemId, i + 1, item.Outlet, item.Title, item.Link, item.ContentHash, item.ReportedUtc,
                            meeting, fingerprint, null, hint?.AnnouncedDigestId);
                        var key = Story.KeyOf(meeting.Participants);
                        if (!byKey.TryGetValue(key, out var sameLeaders)) byKey[key] = sameLeaders = [];
                        var story = folder.Fold(sameLeaders, report, now, hint?.StoryIds);
                        if (story is null) continue;
                        touched.Add(story);
                        batchReports++;
                        if (story.Reports[^1].DuplicateOf is not null) batchCopies++;
                    }
                }
                if (!await _store.SaveFoldAsync(folded, touched, now, cancellationToken).ConfigureAwait(false))
                {
                    // Another process folded some of these items meanwhile: read again and fold what is left.
                    if (++conflicts >= MaxConflicts) throw new InvalidOperationException("Another FeedWatch process keeps folding the same items; run one worker per database.");
                    continue;
                }
                hinted.Clear();
                items += pending.Count;
                reports += batchReports;
                copies += batchCopies;
                changed += touched.Count;
                if (pending.Count < BatchSize) break;
            }
            if (items > 0 && _log.IsEnabled(LogLevel.Information))
            {
                _log.LogInformation("Stories: {Items} items folded, {Reports} reports into {Stories} stories ({Copies} copies counted once)", items, reports, changed, copies);
            }
            return new FoldSummary(items, reports, changed, copies);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static DateOnly EarliestDay(PendingItem item)
    {
        var day = DateOnly.FromDateTime(item.ReportedUtc.UtcDateTime);
        foreach (var m in item.Meetings)
        {
            if (m.Date is { } d && d.Start < day) day = d.Start;
        }
        return day;
    }
}
