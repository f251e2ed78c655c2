using FeedWatch.Configuration;

namespace FeedWatch.Storage;

/// <summary>
/// The worker's state: feeds and their fetch state, items seen, analysis results (stories and digests: <see cref="IStoryStore"/>). SQLite now; the same
/// contract (and the same migrations, in its dialect) for PostgreSQL later. Every method that writes does so in
/// one transaction, so a process stopped anywhere leaves either the old state or the new one.
/// </summary>
public interface IFeedStore
{
    /// <summary>Creates or upgrades the schema.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds or updates the feed named <see cref="FeedDefinition.Name"/>. A changed URL starts the feed afresh
    /// (validators, errors, a 410 are forgotten) but keeps the items it has seen.
    /// </summary>
    Task<FeedState> UpsertFeedAsync(FeedDefinition feed, DateTimeOffset now, CancellationToken cancellationToken);

    Task<FeedState?> GetFeedAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<FeedState>> ListFeedsAsync(CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="identities"/> the feed has stored already.</summary>
    Task<IReadOnlySet<string>> FindSeenAsync(long feedId, IReadOnlyCollection<string> identities, CancellationToken cancellationToken);

    /// <summary>A page stored by an earlier poll (of any feed), by its canonical link; null when none is.</summary>
    Task<StoredPage?> GetPageAsync(string url, CancellationToken cancellationToken);

    /// <summary>
    /// The right to poll the feed named <paramref name="feedName"/> (names compare without case), held by one poller at
    /// a time among all that share the store (a cluster's instances; on SQLite, this process), released on dispose or
    /// when the holder ends however it ends. Null when another poll of that feed holds it.
    /// </summary>
    Task<IAsyncDisposable?> TryLockFeedAsync(string feedName, CancellationToken cancellationToken);

    /// <summary>Writes the outcome of one poll. Items already stored (same feed and identity) are left as they are.</summary>
    /// <returns>How many items were new.</returns>
    Task<int> RecordPollAsync(PollRecord poll, CancellationToken cancellationToken);
}
