using System.Diagnostics;
using FeedWatch.Analysis;
using FeedWatch.Articles;
using FeedWatch.Configuration;
using FeedWatch.Hosting;
using FeedWatch.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedWatch.Feeds;

public enum PollOutcome
{
    /// <summary>Fetched and read; its new items stored.</summary>
    Updated,
    /// <summary>The server (or file) says nothing changed.</summary>
    NotModified,
    /// <summary>Failed this time: recorded with its error and next attempt.</summary>
    Failed,
    /// <summary>Not polled: it is backing off, or the server asked us to wait.</summary>
    Deferred,
    /// <summary>Not polled: it answered 410 before.</summary>
    Gone,
}

/// <summary>What one poll of one feed did, and how long its stages took.</summary>
public sealed record PollSummary(string Feed, PollOutcome Outcome, int NewItems, int Meetings, string? Error)
{
    public bool Ok => Outcome is PollOutcome.Updated or PollOutcome.NotModified;

    /// <summary>Time spent fetching, parsing, analysing and storing (for <c>once --timings</c>).</summary>
    public StageTimes Times { get; init; } = new();

    /// <summary>Linked pages read for this poll's items (fetched now or stored before).</summary>
    public int Pages { get; init; }

    /// <summary>Items whose linked page could not be used (each records why; they were read from the feed).</summary>
    public int PageFailures { get; init; }
}

/// <summary>Elapsed time per stage of one poll.</summary>
public sealed record StageTimes(TimeSpan Fetch = default, TimeSpan Parse = default, TimeSpan Analyse = default, TimeSpan Store = default, TimeSpan Articles = default);

/// <summary>
/// Polls one feed, start to end. Failures stay with the feed: they are recorded as its state (error count, last
/// error, next attempt) and never thrown; only cancellation (the host stopping) escapes, leaving the store as the
/// last finished poll left it.
/// </summary>
public sealed class FeedRefresher
{
    private readonly IFeedStore _store;
    private readonly FeedFetcher _fetcher;
    private readonly ArticleFetcher _articles;
    private readonly IOptionsMonitor<FeedWatchOptions> _options;
    private readonly TimeProvider _clock;
    private readonly FeedWatchMetrics _metrics;
    private readonly ILogger<FeedRefresher> _log;

    public FeedRefresher(IFeedStore store, FeedFetcher fetcher, ArticleFetcher articles, IOptionsMonitor<FeedWatchOptions> options, TimeProvider clock,
        FeedWatchMetrics metrics, ILogger<FeedRefresher> log)
    {
        _metrics = metrics;
        _store = store;
        _fetcher = fetcher;
        _articles = articles;
        _options = options;
        _clock = clock;
        _log = log;
    }

    /// <summary>Polls one feed and records the poll in the metrics.</summary>
    public async Task<PollSummary> RefreshAsync(FeedDefinition definition, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        var summary = await PollAsync(definition, cancellationToken).ConfigureAwait(false);
        _metrics.Poll(summary, _clock.GetElapsedTime(started));
        return summary;
    }

    /// <summary>The story of one poll, a line a stage.</summary>
    private async Task<PollSummary> PollAsync(FeedDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var polling = _options.CurrentValue.Polling;
        var now = _clock.GetUtcNow();
        var feed = await FeedStateAsync(definition, now, cancellationToken).ConfigureAwait(false);
        if (feed.IsGone) return new PollSummary(feed.Name, PollOutcome.Gone, 0, 0, feed.LastError);
        if (feed.NextAttemptUtc > now) return new PollSummary(feed.Name, PollOutcome.Deferred, 0, 0, feed.LastError);

        var stage = Stopwatch.StartNew();
        var fetched = await _fetcher.FetchAsync(new FetchRequest(feed.Url, feed.ETag, feed.LastModified), cancellationToken).ConfigureAwait(false); // fetch
        var times = new StageTimes(Fetch: stage.Elapsed);
        if (fetched.Outcome == FetchOutcome.NotModified) return await RecordNotModifiedAsync(feed, fetched, now, times, cancellationToken).ConfigureAwait(false); // not modified
        if (fetched.Outcome != FetchOutcome.Fetched) return await RecordFailureAsync(feed, fetched, fetched.Error!, now, cancellationToken).ConfigureAwait(false);

        ParsedFeed parsed;
        stage.Restart();
        try
        {
            parsed = FeedParser.Parse(fetched.Body ?? [], fetched.Charset, fetched.Url, polling.MaxItemsPerFeed); // parse
        }
        catch (FeedParseException e)
        {
            return await RecordFailureAsync(feed, fetched, "cannot read the feed: " + e.Message, now, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // one feed's document must never fail the others: contain it and record it
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            _log.LogError(e, "Feed {Feed}: reading the document failed unexpectedly (a bug; please report it with the feed's address)", feed.Name);
            return await RecordFailureAsync(feed, fetched, $"internal error while reading the feed ({e.GetType().Name}: {e.Message}); a bug, please report it", now, cancellationToken).ConfigureAwait(false);
        }
        var fresh = await NewItemsAsync(feed, parsed, fetched.Url, cancellationToken).ConfigureAwait(false); // new items
        times = times with { Parse = stage.Elapsed };
        stage.Restart();
        var pages = await ArticlesAsync(fresh, feed, definition, now, cancellationToken).ConfigureAwait(false); // article
        times = times with { Articles = stage.Elapsed };
        stage.Restart();
        var problems = new List<string>();
        var items = fresh.Select(c => Analyse(c, feed, definition, parsed.Title, now, pages.GetValueOrDefault(c.Identity), problems)).ToList(); // analyse
        times = times with { Analyse = stage.Elapsed };
        stage.Restart();
        var warning = string.Join("; ", new[] { parsed.Warning }.Concat(problems).Where(w => w is not null));
        var poll = new PollRecord(feed.Id, now, true, fetched.MovedTo ?? feed.Url, fetched.ETag, fetched.LastModified, parsed.Title,
            null, warning.Length == 0 ? null : warning, null, false, items)
        {
            Pages = [.. pages.Values.Where(p => p.Fetched).Select(p => p.Page!).DistinctBy(p => p.Url)],
        };
        var added = await _store.RecordPollAsync(poll, cancellationToken).ConfigureAwait(false); // store (one transaction)
        times = times with { Store = stage.Elapsed };
        var meetings = items.Where(i => i.Analysis is not null).Sum(i => i.Analysis!.Meetings.Count(m => m.Statuses.Any(s => s != MeetingStatus.Held)));
        if (poll.Warning is not null && _log.IsEnabled(LogLevel.Warning)) _log.LogWarning("Feed {Feed}: read with repairs: {Warning}", feed.Name, poll.Warning);
        if (fetched.MovedTo is not null && _log.IsEnabled(LogLevel.Information)) _log.LogInformation("Feed {Feed} moved permanently to {Url}; polled there from now on", feed.Name, fetched.MovedTo);
        return new PollSummary(feed.Name, PollOutcome.Updated, added, meetings, null) // schedule: the feed's trigger brings the next poll
        {
            Times = times,
            Pages = pages.Values.Count(p => p.Page is not null),
            PageFailures = pages.Values.Count(p => p.Page is null),
        };
    }

    /// <summary>The feed's stored state, created on its first poll and started afresh when its configured URL changed.</summary>
    private async Task<FeedState> FeedStateAsync(FeedDefinition definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var feed = await _store.GetFeedAsync(definition.Name, cancellationToken).ConfigureAwait(false);
        if (feed is not null && feed.ConfiguredUrl == definition.Url) return feed;
        return await _store.UpsertFeedAsync(definition, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The document's entries the store has not seen, each once, in document order.</summary>
    private async Task<List<Candidate>> NewItemsAsync(FeedState feed, ParsedFeed parsed, Uri url, CancellationToken cancellationToken)
    {
        var candidates = new List<Candidate>(parsed.Items.Count);
        var inDocument = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in parsed.Items)
        {
            var hash = ItemIdentity.ContentHash(item.Title, item.Text);
            var link = ItemIdentity.CanonicalLink(item.Link, url);
            var identity = ItemIdentity.Of(item.EntryId, link, hash);
            // The same entry twice in one document (it happens) is one item.
            if (inDocument.Add(identity)) candidates.Add(new Candidate(item, identity, link ?? item.Link, hash));
        }
        var seen = await _store.FindSeenAsync(feed.Id, [.. candidates.Select(c => c.Identity)], cancellationToken).ConfigureAwait(false);
        return [.. candidates.Where(c => !seen.Contains(c.Identity))];
    }

    /// <summary>
    /// On a feed's first poll only items published within the window are reported; older (or undated) ones are
    /// stored as seen, so adding a feed does not flood the digest.
    /// </summary>
    private static bool Reports(Candidate c, FeedState feed, FeedDefinition definition, DateTimeOffset now) =>
        !feed.IsNew || (c.Item.PublishedUtc is { } published && published >= now - definition.FirstPollWindow);

    /// <summary>
    /// The linked page of every new item that will be reported, when the feed fetches articles: fetched together
    /// (the fetcher's per-host limit keeps one site from being hammered), at most Articles:MaxPagesPerPoll of them;
    /// an item beyond that, or whose page fails, is read from the feed and says why.
    /// </summary>
    private async Task<Dictionary<string, PageResult>> ArticlesAsync(List<Candidate> fresh, FeedState feed, FeedDefinition definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, PageResult>(StringComparer.Ordinal);
        if (!definition.FetchArticles) return result;
        var wanted = fresh.Where(c => Reports(c, feed, definition, now)).ToList();
        var max = _options.CurrentValue.Articles.MaxPagesPerPoll;
        foreach (var c in wanted.Skip(max))
        {
            result[c.Identity] = PageResult.Failed($"not fetched: more than {max} new items in one poll (FeedWatch:Articles:MaxPagesPerPoll)");
        }
        var fetches = wanted.Take(max).Select(async c => (c.Identity, Page: await GetPageAsync(c, definition, cancellationToken).ConfigureAwait(false)));
        foreach (var (identity, page) in await Task.WhenAll(fetches).ConfigureAwait(false)) result[identity] = page;
        return result;
    }

    private async Task<PageResult> GetPageAsync(Candidate c, FeedDefinition definition, CancellationToken cancellationToken)
    {
        try
        {
            return await _articles.GetAsync(c.Link, definition, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // one page must never cost the feed its poll: contain it, record it on the item
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            _log.LogError(e, "Feed {Feed}: reading the page of item {Item} failed unexpectedly (a bug; please report it with the page's address)", definition.Name, c.Identity);
            return PageResult.Failed($"internal error while reading the page ({e.GetType().Name}: {e.Message}); a bug, please report it");
        }
    }

    /// <summary>
    /// Runs the analyser over a reported item: its title and the linked page's story when the page was read,
    /// else the feed's own text.
    /// </summary>
    private NewItem Analyse(Candidate c, FeedState feed, FeedDefinition definition, string? feedTitle, DateTimeOffset now, PageResult? page, List<string> problems)
    {
        var report = Reports(c, feed, definition, now);
        AnalysisResult? analysis = null;
        if (report)
        {
            Uri.TryCreate(c.Link, UriKind.Absolute, out var link);
            var article = page?.Page is { } p
                ? new Article(c.Item.Title.Length > 0 ? c.Item.Title : p.Title ?? string.Empty, p.Paragraphs, p.PublishedUtc ?? c.Item.PublishedUtc, p.SiteName ?? feedTitle ?? definition.Name, link)
                : Article.FromText(c.Item.Title, c.Item.Text, c.Item.PublishedUtc, feedTitle ?? definition.Name, link);
            try
            {
                analysis = MeetingAnalyzer.Default.Analyze(article);
            }
#pragma warning disable CA1031 // one item the analyser chokes on must not cost the feed its other items
            catch (Exception e)
#pragma warning restore CA1031
            {
                // Stored all the same (it is seen, and not new next time); the feed's warning names it.
                _log.LogError(e, "Feed {Feed}: the analyser failed on item {Item} (a bug; please report it)", feed.Name, c.Identity);
                problems.Add($"the analyser failed on item {c.Identity} ({e.GetType().Name}); it is stored unanalysed");
            }
        }
        // The text read besides the title is kept for reanalyze and for spotting syndicated copies: the page's story
        // when the page was read (paragraphs one per blank-line block, as Article.FromText splits them), else the feed's.
        var text = !report ? null : page?.Page is { } read ? string.Join("\n\n", read.Paragraphs) : c.Item.Text;
        return new NewItem(c.Identity, c.Item.EntryId, c.Link, c.Item.Title, c.Item.PublishedUtc, c.Hash, report, analysis, text)
        {
            ArticleUrl = page?.Page?.FinalUrl,
            ArticleError = page?.Error,
        };
    }

    private async Task<PollSummary> RecordNotModifiedAsync(FeedState feed, FetchResult fetched, DateTimeOffset now, StageTimes times, CancellationToken cancellationToken)
    {
        var stage = Stopwatch.StartNew();
        var poll = PollRecord.NotModified(feed, now) with { Url = fetched.MovedTo ?? feed.Url };
        await _store.RecordPollAsync(poll, cancellationToken).ConfigureAwait(false);
        return new PollSummary(feed.Name, PollOutcome.NotModified, 0, 0, null) { Times = times with { Store = stage.Elapsed } };
    }

    /// <summary>
    /// Records a failure on the feed alone: its error, its count, and when to try again (the server's Retry-After
    /// when it gave one, else a backoff that doubles with each failure in a row, both capped by MaxBackoff).
    /// </summary>
    private async Task<PollSummary> RecordFailureAsync(FeedState feed, FetchResult fetched, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var polling = _options.CurrentValue.Polling;
        var failures = feed.ErrorCount + 1;
        var backoff = fetched.RetryAfter ?? TimeSpan.FromTicks((long)Math.Min(
            polling.MaxBackoff.Ticks, polling.RetryBackoff.Ticks * Math.Pow(2, Math.Min(failures - 1, 30))));
        if (backoff > polling.MaxBackoff) backoff = polling.MaxBackoff;
        var gone = fetched.Outcome == FetchOutcome.Gone;
        var poll = new PollRecord(feed.Id, now, false, fetched.MovedTo ?? feed.Url, feed.ETag, feed.LastModified, null,
            error, null, gone ? null : now + backoff, gone, []);
        await _store.RecordPollAsync(poll, cancellationToken).ConfigureAwait(false);
        if (_log.IsEnabled(LogLevel.Warning)) _log.LogWarning("Feed {Feed} ({Url}) failed ({Failures} in a row): {Error}; {Next}", feed.Name, feed.Url, failures, error,
            gone ? "no longer polled" : $"next attempt after {now + backoff:u}");
        return new PollSummary(feed.Name, gone ? PollOutcome.Gone : PollOutcome.Failed, 0, 0, error);
    }

    private sealed record Candidate(ParsedItem Item, string Identity, string? Link, string Hash);
}
