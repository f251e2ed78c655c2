using FeedWatch.Analysis;
using FeedWatch.Stories;

namespace FeedWatch.Storage;

/// <summary>
/// Stories and the digest outbox, beside the feeds' state in the same database. Writes are one transaction each, so a
/// process stopped anywhere leaves either the state before or after.
/// </summary>
public interface IStoryStore
{
    /// <summary>Analysed items not yet folded into stories, oldest report first.</summary>
    Task<IReadOnlyList<PendingItem>> GetUnfoldedItemsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Stories of the given participant keys whose days reach <paramref name="spanEndFrom"/> or later, and the stories named by id, with their reports.</summary>
    Task<List<Story>> LoadStoriesAsync(IReadOnlyCollection<string> keys, DateOnly spanEndFrom, IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a fold: the items folded (with their fingerprints), the stories changed (new ones get their ids) with
    /// their new reports, the stories left empty removed. False, with nothing written, when another process folded
    /// one of the items first (load and fold again).
    /// </summary>
    Task<bool> SaveFoldAsync(IReadOnlyDictionary<long, TextFingerprint?> foldedItems, IReadOnlyCollection<Story> changed, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every story with its reports (for inspection and tests; the digest reads only what changed).</summary>
    Task<List<Story>> ListStoriesAsync(CancellationToken cancellationToken);

    /// <summary>Stories never shown in a digest, or changed since the last one that showed them, with their reports.</summary>
    Task<List<Story>> LoadStoriesChangedSinceAnnouncedAsync(CancellationToken cancellationToken);

    /// <summary>Every feed with when it was created and when it last brought a new item.</summary>
    Task<IReadOnlyList<FeedActivity>> GetFeedActivityAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records a digest before anything is sent: its messages (the outbox) and, for each story it shows, what it
    /// said (so the next digest says only what changed since), in one transaction.
    /// </summary>
    Task<long> RecordDigestAsync(DigestDraft draft, CancellationToken cancellationToken);

    /// <summary>Messages not yet accepted by the server (or written to the pickup folder), oldest first; due ones only unless <paramref name="includeBackingOff"/>.</summary>
    Task<IReadOnlyList<OutboxMessage>> GetUnsentMessagesAsync(DateTimeOffset now, bool includeBackingOff, CancellationToken cancellationToken);

    Task MarkMessageSentAsync(long messageId, string delivery, DateTimeOffset now, CancellationToken cancellationToken);

    Task RecordSendFailureAsync(long messageId, string failure, DateTimeOffset nextAttemptUtc, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutboxMessage>> ListMessagesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The right to send the outbox, held by one process at a time among all that share the store (a cluster's
    /// instances, a <c>once</c> beside a worker), released on dispose or when the process ends however it ends (so a
    /// crash never leaves the outbox locked). Null when another process holds it: it is sending, this one need not.
    /// </summary>
    Task<IAsyncDisposable?> TryLockOutboxAsync(CancellationToken cancellationToken);

    /// <summary>Reported items with their stored text (published, else first seen, at or after <paramref name="since"/>), and how many have no text.</summary>
    Task<(IReadOnlyList<StoredArticle> Articles, int WithoutText)> GetStoredArticlesAsync(DateTimeOffset? since, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces an item's analysis and meeting reports and takes its reports out of their stories (to be folded
    /// again), in one transaction.
    /// </summary>
    /// <returns>
    /// For the item, and for every copy of it that was counted through it (unfolded too, to be folded again): the
    /// stories its reports were in and the digest that first showed them.
    /// </returns>
    Task<IReadOnlyList<RefoldHint>> ReplaceAnalysisAsync(long itemId, AnalysisResult analysis, CancellationToken cancellationToken);
}

/// <summary>Where an unfolded item's reports were: folded again, they rejoin those stories and keep having been shown.</summary>
public sealed record RefoldHint(long ItemId, IReadOnlyList<long> StoryIds, long? AnnouncedDigestId);

/// <summary>An analysed item waiting to be folded into stories.</summary>
public sealed record PendingItem(
    long ItemId,
    string Outlet,
    string Title,
    string? Link,
    string ContentHash,
    DateTimeOffset ReportedUtc,
    IReadOnlyList<MeetingReport> Meetings,
    string? Text);

/// <summary>A reported item as stored, for <c>reanalyze</c>.</summary>
public sealed record StoredArticle(long ItemId, string Title, string Text, DateTimeOffset? PublishedUtc, string Outlet, string? Link, string? AnalysisJson);

/// <summary>A feed's state with when it was created and when it last brought a new item (for the digest's feed health).</summary>
public sealed record FeedActivity(FeedState Feed, DateTimeOffset CreatedUtc, DateTimeOffset? LastNewItemUtc);

/// <summary>A digest ready to be recorded: its messages and what it tells about each story.</summary>
public sealed record DigestDraft(DateTimeOffset CreatedUtc, string Summary, IReadOnlyList<DraftMessage> Messages, IReadOnlyList<AnnouncedStory> Stories);

/// <summary>One message of a digest, rendered: the bytes recorded are the bytes sent, every time.</summary>
/// <param name="Text">The plain-text part (shown by <c>preview</c>; the MIME bytes hold it too).</param>
public sealed record DraftMessage(string Recipient, string MessageId, string Subject, int Stories, byte[] Mime, string Html, string Text);

/// <summary>What a digest told about a story: its status, the parties heard, and the reports it showed as new.</summary>
public sealed record AnnouncedStory(long StoryId, StoryStatus Status, IReadOnlyList<string> Parties, IReadOnlyList<(long ItemId, int Ordinal)> Reports);

/// <summary>A message in the outbox, sent or not.</summary>
public sealed record OutboxMessage(
    long Id,
    long DigestId,
    string Recipient,
    string MessageId,
    string Subject,
    int Stories,
    byte[] Mime,
    string Html,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? SentUtc,
    string? Delivery,
    int Attempts,
    string? LastError,
    DateTimeOffset? NextAttemptUtc)
{
    public bool Sent => SentUtc is not null;
}
