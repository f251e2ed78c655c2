using FeedWatch.Analysis;

namespace FeedWatch.Storage;

/// <summary>A feed's recorded state: where it is fetched from, its validators, and how it has been failing.</summary>
public sealed record FeedState(
    long Id,
    string Name,
    Uri ConfiguredUrl,
    Uri Url,
    string? ETag,
    string? LastModified,
    string? Title,
    DateTimeOffset? FirstPolledUtc,
    DateTimeOffset? LastPolledUtc,
    DateTimeOffset? LastSuccessUtc,
    int ErrorCount,
    string? LastError,
    DateTimeOffset? LastErrorUtc,
    string? LastWarning,
    DateTimeOffset? NextAttemptUtc,
    DateTimeOffset? GoneUtc,
    long ItemCount)
{
    /// <summary>True until the first poll that read the feed: its items then are stored as seen, not reported, unless recent.</summary>
    public bool IsNew => FirstPolledUtc is null;

    public bool IsGone => GoneUtc is not null;
}

/// <summary>An item read from a feed, ready to be stored.</summary>
/// <param name="EntryId">The entry's own id in the feed (RSS guid, Atom id), if it has one.</param>
/// <param name="Identity">Its key within the feed: "guid:…", "link:…" or "hash:…".</param>
/// <param name="Reported">False for an item stored as seen on a feed's first poll (older than the window): never analysed or reported.</param>
/// <param name="Analysis">The analyser's result for a reported item.</param>
/// <param name="Text">The text the analyser read besides the title, kept for a reported item so <c>reanalyze</c> can read it again.</param>
public sealed record NewItem(
    string Identity,
    string? EntryId,
    string? Link,
    string Title,
    DateTimeOffset? PublishedUtc,
    string ContentHash,
    bool Reported,
    AnalysisResult? Analysis,
    string? Text = null)
{
    /// <summary>The page the item was analysed from (its text and the feed's title), when it was fetched and read.</summary>
    public string? ArticleUrl { get; init; }

    /// <summary>Why the linked page could not be used; the item was then analysed on the feed's own text.</summary>
    public string? ArticleError { get; init; }
}

/// <summary>A page linked from feed items, as extracted: stored once, shared by every item and feed that links it.</summary>
/// <param name="Url">The link, canonical form (the key).</param>
/// <param name="FinalUrl">Where the page was read after redirects.</param>
public sealed record StoredPage(
    string Url,
    string FinalUrl,
    DateTimeOffset FetchedUtc,
    string? Title,
    DateTimeOffset? PublishedUtc,
    string? SiteName,
    IReadOnlyList<string> Paragraphs);

/// <summary>Everything one poll of one feed changes, written in one transaction: state, items, reports.</summary>
public sealed record PollRecord(
    long FeedId,
    DateTimeOffset PolledUtc,
    bool Succeeded,
    Uri Url,
    string? ETag,
    string? LastModified,
    string? Title,
    string? Error,
    string? Warning,
    DateTimeOffset? NextAttemptUtc,
    bool Gone,
    IReadOnlyList<NewItem> Items)
{
    /// <summary>Pages fetched for this poll's items, stored with them (a page already stored is kept as it is).</summary>
    public IReadOnlyList<StoredPage> Pages { get; init; } = [];

    public static PollRecord NotModified(FeedState feed, DateTimeOffset now, string? warning = null) =>
        new(feed.Id, now, true, feed.Url, feed.ETag, feed.LastModified, feed.Title, null, warning, null, false, []);
}
