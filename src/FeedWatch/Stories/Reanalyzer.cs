using FeedWatch.Analysis;
using FeedWatch.Storage;
using Microsoft.Extensions.Logging;

namespace FeedWatch.Stories;

/// <summary>What a reanalysis did.</summary>
public sealed record ReanalyzeSummary(int Articles, int Changed, int Failed, int WithoutText, FoldSummary Fold);

/// <summary>
/// Runs the current analyser over stored articles again (after an upgrade) and updates the stories. An article whose
/// analysis changed is taken out of its stories and folded again, rejoining the stories it was in where its leaders
/// still match, so those stories keep what the digests already told of them: the next digest says only what changed
/// (a status, a new side), and nothing already sent is sent again.
/// </summary>
public sealed class Reanalyzer
{
    // Articles analysed again, then folded, a chunk at a time: a stop loses at most one chunk's hints (those items
    // are then folded as new ones), never an analysis.
    private const int Chunk = 200;

    private readonly IStoryStore _store;
    private readonly StoryTracker _tracker;
    private readonly ILogger<Reanalyzer> _log;

    public Reanalyzer(IStoryStore store, StoryTracker tracker, ILogger<Reanalyzer> log)
    {
        _store = store;
        _tracker = tracker;
        _log = log;
    }

    public async Task<ReanalyzeSummary> RunAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        // Items not folded yet are folded first, as they are: their reports are then in stories a reanalysis can keep.
        var first = await _tracker.FoldPendingAsync(cancellationToken).ConfigureAwait(false);
        var (articles, withoutText) = await _store.GetStoredArticlesAsync(since, cancellationToken).ConfigureAwait(false);
        int changed = 0, failed = 0, items = first.Items, reports = first.Reports, stories = first.StoriesChanged, copies = first.Copies;
        foreach (var chunk in articles.Chunk(Chunk))
        {
            var hints = new Dictionary<long, RefoldHint>();
            foreach (var a in chunk)
            {
                AnalysisResult result;
                try
                {
                    Uri.TryCreate(a.Link, UriKind.Absolute, out var link);
                    result = MeetingAnalyzer.Default.Analyze(Article.FromText(a.Title, a.Text, a.PublishedUtc, a.Outlet, link));
                }
#pragma warning disable CA1031 // one article the analyser chokes on keeps its old analysis; the others go on
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failed++;
                    _log.LogError(e, "Reanalyze: the analyser failed on item {Item} (a bug; please report it); it keeps its earlier analysis", a.ItemId);
                    continue;
                }
                if (string.Equals(StoreRows.AnalysisJson(result), a.AnalysisJson, StringComparison.Ordinal)) continue;
                changed++;
                foreach (var hint in await _store.ReplaceAnalysisAsync(a.ItemId, result, cancellationToken).ConfigureAwait(false))
                {
                    hints[hint.ItemId] = hints.TryGetValue(hint.ItemId, out var earlier)
                        ? earlier with { StoryIds = [.. earlier.StoryIds.Union(hint.StoryIds)], AnnouncedDigestId = earlier.AnnouncedDigestId ?? hint.AnnouncedDigestId }
                        : hint;
                }
            }
            if (hints.Count == 0) continue;
            var fold = await _tracker.FoldAsync(hints, cancellationToken).ConfigureAwait(false);
            items += fold.Items;
            reports += fold.Reports;
            stories += fold.StoriesChanged;
            copies += fold.Copies;
        }
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("Reanalyze: {Articles} articles read again, {Changed} changed, {Stories} stories updated", articles.Count, changed, stories);
        return new ReanalyzeSummary(articles.Count, changed, failed, withoutText, new FoldSummary(items, reports, stories, copies));
    }
}
