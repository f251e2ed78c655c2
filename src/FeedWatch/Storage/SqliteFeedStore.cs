using System.Globalization;
using FeedWatch.Analysis;
using FeedWatch.Configuration;
using Microsoft.Data.Sqlite;
using static FeedWatch.Storage.StoreRows;

namespace FeedWatch.Storage;

/// <summary>
/// The store in one SQLite file (WAL, so readers never wait for the writer). Writes go through one gate: SQLite
/// has one writer at a time anyway, and queueing here is cheaper than SQLITE_BUSY retries.
/// </summary>
public sealed partial class SqliteFeedStore : IFeedStore, IStoryStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;

    public SqliteFeedStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        DatabasePath = databasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public void Dispose()
    {
        _writer?.Dispose();
        _writeGate.Dispose();
        // Pooled connections keep the file open; release them so tests and restarts can reopen or delete it.
        SqliteConnection.ClearAllPools();
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var c = await WriterAsync(cancellationToken).ConfigureAwait(false);
            // WAL is a property of the file: set once, kept by every later connection.
            await ExecAsync(c, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            await ExecAsync(c, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL);", cancellationToken).ConfigureAwait(false);
            long current;
            await using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;";
                current = (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            var latest = SqliteMigrations.Steps.Max(s => s.Version);
            if (current > latest)
            {
                throw new StoreUnavailableException($"{DatabasePath} has schema version {current}, newer than this FeedWatch knows ({latest}); run the newer FeedWatch, or point FeedWatch:DataDirectory at another folder.");
            }
            foreach (var (version, name, sql) in SqliteMigrations.Steps.Where(s => s.Version > current).OrderBy(s => s.Version))
            {
                await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecAsync(c, tx, sql, cancellationToken).ConfigureAwait(false);
                await using (var cmd = Command(c, tx, "INSERT INTO schema_migrations (version, name, applied_utc) VALUES ($v, $n, $t);"))
                {
                    cmd.Parameters.AddWithValue("$v", version);
                    cmd.Parameters.AddWithValue("$n", name);
                    cmd.Parameters.AddWithValue("$t", Time(DateTimeOffset.UtcNow));
                    await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<FeedState> UpsertFeedAsync(FeedDefinition feed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var c = await WriterAsync(cancellationToken).ConfigureAwait(false);
            await using (var cmd = Command(c, null, """
                INSERT INTO feeds (name, configured_url, url, created_utc) VALUES ($name, $url, $url, $now)
                ON CONFLICT (name) DO UPDATE SET
                    configured_url = excluded.configured_url, url = excluded.url,
                    etag = NULL, last_modified = NULL, error_count = 0, last_error = NULL, last_error_utc = NULL,
                    last_warning = NULL, next_attempt_utc = NULL, gone_utc = NULL
                WHERE feeds.configured_url <> excluded.configured_url;
                """))
            {
                cmd.Parameters.AddWithValue("$name", feed.Name);
                cmd.Parameters.AddWithValue("$url", feed.Url.AbsoluteUri);
                cmd.Parameters.AddWithValue("$now", Time(now));
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return (await QueryFeedsAsync(c, "WHERE f.name = $name", feed.Name, cancellationToken).ConfigureAwait(false))[0];
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<FeedState?> GetFeedAsync(string name, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var found = await QueryFeedsAsync(c, "WHERE f.name = $name", name, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<FeedState>> ListFeedsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QueryFeedsAsync(c, "", null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<string>> FindSeenAsync(long feedId, IReadOnlyCollection<string> identities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (identities.Count == 0) return seen;
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // In chunks: SQLite allows 32,766 parameters, but short IN lists keep the statement cache useful.
        foreach (var chunk in identities.Chunk(200))
        {
            await using var cmd = c.CreateCommand();
            var names = new string[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                names[i] = "$i" + i.ToString(CultureInfo.InvariantCulture);
                cmd.Parameters.AddWithValue(names[i], chunk[i]);
            }
            cmd.Parameters.AddWithValue("$feed", feedId);
            cmd.CommandText = $"SELECT identity FROM items WHERE feed_id = $feed AND identity IN ({string.Join(",", names)});";
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) seen.Add(r.GetString(0));
        }
        return seen;
    }

    public async Task<StoredPage?> GetPageAsync(string url, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"SELECT {PageColumns} FROM pages WHERE url = $url;");
        cmd.Parameters.AddWithValue("$url", url);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadPage(r) : null;
    }

    public async Task<int> RecordPollAsync(PollRecord poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var c = await WriterAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var inserted = 0;
            if (poll.Pages.Count > 0)
            {
                await using var page = Command(c, tx, """
                    INSERT INTO pages (url, final_url, fetched_utc, title, published_utc, site, paragraphs)
                    VALUES ($url, $final, $fetched, $title, $published, $site, $paragraphs)
                    ON CONFLICT (url) DO NOTHING;
                    """);
                foreach (var stored in poll.Pages)
                {
                    page.Parameters.Clear();
                    page.Parameters.AddWithValue("$url", stored.Url);
                    page.Parameters.AddWithValue("$final", stored.FinalUrl);
                    page.Parameters.AddWithValue("$fetched", Time(stored.FetchedUtc));
                    page.Parameters.AddWithValue("$title", (object?)stored.Title ?? DBNull.Value);
                    page.Parameters.AddWithValue("$published", stored.PublishedUtc is { } sp ? Time(sp) : DBNull.Value);
                    page.Parameters.AddWithValue("$site", (object?)stored.SiteName ?? DBNull.Value);
                    page.Parameters.AddWithValue("$paragraphs", System.Text.Json.JsonSerializer.Serialize(stored.Paragraphs));
                    await page.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            if (poll.Items.Count > 0)
            {
                await using var item = Command(c, tx, """
                    INSERT INTO items (feed_id, identity, guid, link, title, published_utc, content_hash, first_seen_utc, reported, relevant, analysis_json, article_url, article_error)
                    VALUES ($feed, $identity, $guid, $link, $title, $published, $hash, $now, $reported, $relevant, $analysis, $articleUrl, $articleError)
                    ON CONFLICT (feed_id, identity) DO NOTHING
                    RETURNING id;
                    """);
                var pIdentity = item.Parameters.Add("$identity", SqliteType.Text);
                var pGuid = item.Parameters.Add("$guid", SqliteType.Text);
                var pLink = item.Parameters.Add("$link", SqliteType.Text);
                var pTitle = item.Parameters.Add("$title", SqliteType.Text);
                var pPublished = item.Parameters.Add("$published", SqliteType.Text);
                var pHash = item.Parameters.Add("$hash", SqliteType.Text);
                var pReported = item.Parameters.Add("$reported", SqliteType.Integer);
                var pRelevant = item.Parameters.Add("$relevant", SqliteType.Integer);
                var pAnalysis = item.Parameters.Add("$analysis", SqliteType.Text);
                var pArticleUrl = item.Parameters.Add("$articleUrl", SqliteType.Text);
                var pArticleError = item.Parameters.Add("$articleError", SqliteType.Text);
                item.Parameters.AddWithValue("$feed", poll.FeedId);
                item.Parameters.AddWithValue("$now", Time(poll.PolledUtc));

                await using var report = Command(c, tx, """
                    INSERT INTO reports (item_id, ordinal, participants, statuses, report_json)
                    VALUES ($item, $ordinal, $participants, $statuses, $json);
                    """);
                var rItem = report.Parameters.Add("$item", SqliteType.Integer);
                var rOrdinal = report.Parameters.Add("$ordinal", SqliteType.Integer);
                var rParticipants = report.Parameters.Add("$participants", SqliteType.Text);
                var rStatuses = report.Parameters.Add("$statuses", SqliteType.Text);
                var rJson = report.Parameters.Add("$json", SqliteType.Text);

                await using var text = Command(c, tx, "INSERT INTO item_texts (item_id, text) VALUES ($item, $text);");
                var tItem = text.Parameters.Add("$item", SqliteType.Integer);
                var tText = text.Parameters.Add("$text", SqliteType.Text);

                foreach (var n in poll.Items)
                {
                    pIdentity.Value = n.Identity;
                    pGuid.Value = (object?)n.EntryId ?? DBNull.Value;
                    pLink.Value = (object?)n.Link ?? DBNull.Value;
                    pTitle.Value = n.Title;
                    pPublished.Value = n.PublishedUtc is { } p ? Time(p) : DBNull.Value;
                    pHash.Value = n.ContentHash;
                    pReported.Value = n.Reported ? 1 : 0;
                    pRelevant.Value = n.Analysis is { } a ? (a.Relevant ? 1 : 0) : DBNull.Value;
                    pAnalysis.Value = n.Analysis is { } a2 ? AnalysisJson(a2) : DBNull.Value;
                    pArticleUrl.Value = (object?)n.ArticleUrl ?? DBNull.Value;
                    pArticleError.Value = (object?)n.ArticleError ?? DBNull.Value;
                    var id = await item.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    if (id is null) continue; // stored by an earlier poll: not new, nothing to report again
                    inserted++;
                    if (n.Text is not null)
                    {
                        tItem.Value = (long)id;
                        tText.Value = n.Text;
                        await text.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    if (n.Analysis is null) continue;
                    foreach (var row in ReportRows(n.Analysis))
                    {
                        rItem.Value = (long)id;
                        rOrdinal.Value = row.Ordinal;
                        rParticipants.Value = row.Participants;
                        rStatuses.Value = row.Statuses;
                        rJson.Value = row.Json;
                        await report.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await using (var feed = Command(c, tx, poll.Succeeded
                ? """
                  UPDATE feeds SET url = $url, etag = $etag, last_modified = $lm, title = COALESCE($title, title),
                      first_polled_utc = COALESCE(first_polled_utc, $now), last_polled_utc = $now, last_success_utc = $now,
                      error_count = 0, last_error = NULL, last_warning = $warning, next_attempt_utc = $next, gone_utc = NULL
                  WHERE id = $id;
                  """
                : """
                  UPDATE feeds SET url = $url, last_polled_utc = $now, error_count = error_count + 1,
                      last_error = $error, last_error_utc = $now, last_warning = COALESCE($warning, last_warning),
                      next_attempt_utc = $next, gone_utc = CASE WHEN $gone THEN $now ELSE NULL END
                  WHERE id = $id;
                  """))
            {
                feed.Parameters.AddWithValue("$id", poll.FeedId);
                feed.Parameters.AddWithValue("$url", poll.Url.AbsoluteUri);
                feed.Parameters.AddWithValue("$now", Time(poll.PolledUtc));
                feed.Parameters.AddWithValue("$warning", (object?)poll.Warning ?? DBNull.Value);
                feed.Parameters.AddWithValue("$next", poll.NextAttemptUtc is { } next ? Time(next) : DBNull.Value);
                if (poll.Succeeded)
                {
                    feed.Parameters.AddWithValue("$etag", (object?)poll.ETag ?? DBNull.Value);
                    feed.Parameters.AddWithValue("$lm", (object?)poll.LastModified ?? DBNull.Value);
                    feed.Parameters.AddWithValue("$title", (object?)poll.Title ?? DBNull.Value);
                }
                else
                {
                    feed.Parameters.AddWithValue("$error", (object?)poll.Error ?? "failed");
                    feed.Parameters.AddWithValue("$gone", poll.Gone);
                }
                await feed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return inserted;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// The one connection that writes, kept open: writes are serialised by the gate anyway, and a connection kept
    /// open skips the open and the pragmas on every poll. Only used inside the gate.
    /// </summary>
    // synchronous=NORMAL is durable against a crash of the process in WAL mode (a power cut may lose the last
    // commits, which a later poll fetches again); FULL would sync on every poll.
    private async Task<SqliteConnection> WriterAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            _writer = new SqliteConnection(_connectionString);
            await _writer.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecAsync(_writer, null, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", cancellationToken).ConfigureAwait(false);
        }
        return _writer;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        return c;
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static async Task ExecAsync(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = Command(c, tx, sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<FeedState>> QueryFeedsAsync(SqliteConnection c, string where, string? name, CancellationToken cancellationToken)
    {
        await using var cmd = Command(c, null, $"SELECT {FeedColumns} FROM feeds f {where} ORDER BY f.id;");
        if (name is not null) cmd.Parameters.AddWithValue("$name", name);
        var list = new List<FeedState>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(ReadFeed(r));
        return list;
    }
}
