using System.Net.Sockets;
using FeedWatch.Configuration;
using Npgsql;
using NpgsqlTypes;
using static FeedWatch.Storage.StoreRows;

namespace FeedWatch.Storage;

/// <summary>
/// The store in a PostgreSQL database (Storage:Provider PostgreSql), shared by several FeedWatch processes. Unlike
/// SQLite there is no gate in the process: every write is one transaction at READ COMMITTED, written so that two
/// processes doing the same thing at once leave one result (items and pages insert with ON CONFLICT DO NOTHING, a
/// fold another process wrote first is refused whole, the schema is migrated under an advisory lock). A transaction
/// that PostgreSQL aborts for a deadlock or a serialization failure is run again.
/// </summary>
public sealed partial class PostgresFeedStore : IFeedStore, IStoryStore, IDisposable, IAsyncDisposable
{
    /// <summary>The advisory lock migrations hold (a constant of this application: "FeedWatc" in ASCII).</summary>
    internal const long MigrationLock = 0x4665_6564_5761_7463;

    private const int MaxAttempts = 3;

    private readonly NpgsqlDataSource _dataSource;

    /// <param name="connectionString">An Npgsql connection string, password included (see <see cref="ConnectionStringOf"/>).</param>
    public PostgresFeedStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Database = Describe(builder);
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Which database this is, for messages: database, host, port and user; never the password.</summary>
    public string Database { get; }

    /// <summary>The store for FeedWatch:Storage (Provider PostgreSql), its password read from PasswordFile when set.</summary>
    public static PostgresFeedStore Create(StorageOptions storage) => new(ConnectionStringOf(storage));

    /// <summary>
    /// The connection string FeedWatch:Storage gives: Storage:ConnectionString, with the content of Storage:PasswordFile
    /// (a Docker or Kubernetes secret) as the password when set, and "FeedWatch" as the application name unless it names one.
    /// </summary>
    public static string ConnectionStringOf(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var builder = new NpgsqlConnectionStringBuilder(storage.ConnectionString);
        if (!string.IsNullOrEmpty(storage.PasswordFile))
        {
            try
            {
                builder.Password = File.ReadAllText(storage.PasswordFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StoreUnavailableException($"cannot read FeedWatch:Storage:PasswordFile {storage.PasswordFile} ({e.Message}); mount the secret there or fix the path.", e);
            }
        }
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "FeedWatch";
        return builder.ConnectionString;
    }

    /// <summary>"database "feedwatch" on db:5432 as "feedwatch"": what a message may say of a connection string.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return $"database \"{builder.Database ?? builder.Username}\" on {builder.Host}:{builder.Port} as \"{builder.Username ?? Environment.UserName}\"";
    }

    public void Dispose() => _dataSource.Dispose();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Several processes may start at once on an empty database: one migrates, the others wait here and then
            // find the schema current. The lock is the transaction's: a process that dies releases it.
            await using (var wait = Command(c, tx, "SELECT pg_advisory_xact_lock(@key);"))
            {
                wait.Param("key", NpgsqlDbType.Bigint, MigrationLock);
                await wait.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await ExecAsync(c, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_utc timestamptz NOT NULL);", cancellationToken).ConfigureAwait(false);
            int current;
            await using (var cmd = Command(c, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;"))
            {
                current = (int)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            var latest = PostgresMigrations.Steps.Max(s => s.Version);
            if (current > latest)
            {
                throw new StoreUnavailableException($"the PostgreSQL {Database} has schema version {current}, newer than this FeedWatch knows ({latest}); run the newer FeedWatch, or point FeedWatch:Storage:ConnectionString at another database.");
            }
            // All steps in one transaction: PostgreSQL's DDL is transactional, so an upgrade is applied whole or not at all.
            foreach (var (version, name, sql) in PostgresMigrations.Steps.Where(s => s.Version > current).OrderBy(s => s.Version))
            {
                await ExecAsync(c, tx, sql, cancellationToken).ConfigureAwait(false);
                await using var record = Command(c, tx, "INSERT INTO schema_migrations (version, name, applied_utc) VALUES (@v, @n, now());");
                record.Param("v", NpgsqlDbType.Integer, version);
                record.Param("n", NpgsqlDbType.Text, name);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            throw new StoreUnavailableException($"cannot set up the tables in the PostgreSQL {Database}: {e.MessageText}; {Hint(e)}", e);
        }
    }

    public async Task<FeedState> UpsertFeedAsync(FeedDefinition feed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var cmd = Command(c, null, """
            INSERT INTO feeds (name, configured_url, url, created_utc) VALUES (@name, @url, @url, @now)
            ON CONFLICT ((lower(name))) DO UPDATE SET
                configured_url = excluded.configured_url, url = excluded.url,
                etag = NULL, last_modified = NULL, error_count = 0, last_error = NULL, last_error_utc = NULL,
                last_warning = NULL, next_attempt_utc = NULL, gone_utc = NULL
            WHERE feeds.configured_url <> excluded.configured_url;
            """))
        {
            cmd.Param("name", NpgsqlDbType.Text, feed.Name);
            cmd.Param("url", NpgsqlDbType.Text, feed.Url.AbsoluteUri);
            cmd.Param("now", NpgsqlDbType.TimestampTz, now.UtcDateTime);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return (await QueryFeedsAsync(c, feed.Name, cancellationToken).ConfigureAwait(false))[0];
    }

    public async Task<FeedState?> GetFeedAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var found = await QueryFeedsAsync(c, name, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<FeedState>> ListFeedsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QueryFeedsAsync(c, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<string>> FindSeenAsync(long feedId, IReadOnlyCollection<string> identities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (identities.Count == 0) return seen;
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, "SELECT identity FROM items WHERE feed_id = @feed AND identity = ANY(@identities);");
        cmd.Param("feed", NpgsqlDbType.Bigint, feedId);
        cmd.Param("identities", NpgsqlDbType.Array | NpgsqlDbType.Text, identities.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) seen.Add(r.GetString(0));
        return seen;
    }

    public async Task<StoredPage?> GetPageAsync(string url, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"SELECT {PageColumns} FROM pages WHERE url = @url;");
        cmd.Param("url", NpgsqlDbType.Text, url);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadPage(r) : null;
    }

    public Task<int> RecordPollAsync(PollRecord poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        return InTransactionAsync(async (c, tx) =>
        {
            var inserted = 0;
            if (poll.Pages.Count > 0)
            {
                await using var page = Command(c, tx, """
                    INSERT INTO pages (url, final_url, fetched_utc, title, published_utc, site, paragraphs)
                    VALUES (@url, @final, @fetched, @title, @published, @site, @paragraphs)
                    ON CONFLICT (url) DO NOTHING;
                    """);
                var pUrl = page.Param("url", NpgsqlDbType.Text);
                var pFinal = page.Param("final", NpgsqlDbType.Text);
                var pFetched = page.Param("fetched", NpgsqlDbType.TimestampTz);
                var pTitle = page.Param("title", NpgsqlDbType.Text);
                var pPublished = page.Param("published", NpgsqlDbType.TimestampTz);
                var pSite = page.Param("site", NpgsqlDbType.Text);
                var pParagraphs = page.Param("paragraphs", NpgsqlDbType.Text);
                // In one order in every process: two polls storing the same pages never wait on each other crosswise.
                foreach (var stored in poll.Pages.OrderBy(p => p.Url, StringComparer.Ordinal))
                {
                    pUrl.Value = stored.Url;
                    pFinal.Value = stored.FinalUrl;
                    pFetched.Value = stored.FetchedUtc.UtcDateTime;
                    pTitle.Value = Db(stored.Title);
                    pPublished.Value = Db(stored.PublishedUtc?.UtcDateTime);
                    pSite.Value = Db(stored.SiteName);
                    pParagraphs.Value = System.Text.Json.JsonSerializer.Serialize(stored.Paragraphs);
                    await page.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            if (poll.Items.Count > 0)
            {
                // One statement for the poll's items (a thousand feeds of twenty items are twenty thousand statements
                // otherwise, each with its round trip and foreign-key check), in the feed's order: another process
                // storing the same items at the same time makes this wait, then skip them (ON CONFLICT).
                var items = poll.Items;
                await using var item = Command(c, tx, """
                    INSERT INTO items (feed_id, identity, guid, link, title, published_utc, content_hash, first_seen_utc, reported, relevant, analysis_json, article_url, article_error)
                    SELECT @feed, u.identity, u.guid, u.link, u.title, u.published, u.hash, @now, u.reported, u.relevant, u.analysis, u.article_url, u.article_error
                    FROM unnest(@identity, @guid, @link, @title, @published, @hash, @reported, @relevant, @analysis, @articleUrl, @articleError)
                         WITH ORDINALITY AS u(identity, guid, link, title, published, hash, reported, relevant, analysis, article_url, article_error, ord)
                    ORDER BY u.ord
                    ON CONFLICT (feed_id, identity) DO NOTHING
                    RETURNING id, identity;
                    """);
                item.Param("feed", NpgsqlDbType.Bigint, poll.FeedId);
                item.Param("now", NpgsqlDbType.TimestampTz, poll.PolledUtc.UtcDateTime);
                item.Param("identity", NpgsqlDbType.Array | NpgsqlDbType.Text, items.Select(n => n.Identity).ToArray());
                item.Param("guid", NpgsqlDbType.Array | NpgsqlDbType.Text, items.Select(n => n.EntryId).ToArray());
                item.Param("link", NpgsqlDbType.Array | NpgsqlDbType.Text, items.Select(n => n.Link).ToArray());
                item.Param("title", NpgsqlDbType.Array | NpgsqlDbType.Text, items.Select(n => n.Title).ToArray());
                item.Param("published", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, items.Select(n => n.PublishedUtc?.UtcDateTime).ToArray());
                item.Param("hash", NpgsqlDbType.Array | NpgsqlDbType.Text, items.Select(n => n.ContentHash).ToArray());
                item.Param("reported", NpgsqlDbType.Array | NpgsqlDbType.Boolean, items.Select(n => n.Reported).ToArray());
                item.Param("relevant", NpgsqlDbType.Array | NpgsqlDbType.Boolean, items.Select(n => n.Analysis?.Relevant).ToArray());
                item.Param("analysis", NpgsqlDbType.Array | NpgsqlDbType.Text, items.Select(n => n.Analysis is { } a ? AnalysisJson(a) : null).ToArray());
                item.Param("articleUrl", NpgsqlDbType.Array | NpgsqlDbType.Text, items.Select(n => n.ArticleUrl).ToArray());
                item.Param("articleError", NpgsqlDbType.Array | NpgsqlDbType.Text, items.Select(n => n.ArticleError).ToArray());
                var ids = new Dictionary<string, long>(StringComparer.Ordinal);
                await using (var r = await item.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) ids[r.GetString(1)] = r.GetInt64(0);
                }
                inserted = ids.Count;

                var texts = items.Where(n => n.Text is not null && ids.ContainsKey(n.Identity)).ToList();
                if (texts.Count > 0)
                {
                    await using var text = Command(c, tx, "INSERT INTO item_texts (item_id, text) SELECT * FROM unnest(@item, @text);");
                    text.Param("item", NpgsqlDbType.Array | NpgsqlDbType.Bigint, texts.Select(n => ids[n.Identity]).ToArray());
                    text.Param("text", NpgsqlDbType.Array | NpgsqlDbType.Text, texts.Select(n => n.Text).ToArray());
                    await text.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await using var reports = new ReportInserter(c, tx);
                foreach (var n in items)
                {
                    if (n.Analysis is not null && ids.TryGetValue(n.Identity, out var id)) await reports.InsertAsync(id, n.Analysis, cancellationToken).ConfigureAwait(false);
                }
            }

            await using (var feed = Command(c, tx, poll.Succeeded
                ? """
                  UPDATE feeds SET url = @url, etag = @etag, last_modified = @lm, title = COALESCE(@title, title),
                      first_polled_utc = COALESCE(first_polled_utc, @now), last_polled_utc = @now, last_success_utc = @now,
                      error_count = 0, last_error = NULL, last_warning = @warning, next_attempt_utc = @next, gone_utc = NULL
                  WHERE id = @id;
                  """
                : """
                  UPDATE feeds SET url = @url, last_polled_utc = @now, error_count = error_count + 1,
                      last_error = @error, last_error_utc = @now, last_warning = COALESCE(@warning, last_warning),
                      next_attempt_utc = @next, gone_utc = CASE WHEN @gone THEN @now ELSE NULL END
                  WHERE id = @id;
                  """))
            {
                feed.Param("id", NpgsqlDbType.Bigint, poll.FeedId);
                feed.Param("url", NpgsqlDbType.Text, poll.Url.AbsoluteUri);
                feed.Param("now", NpgsqlDbType.TimestampTz, poll.PolledUtc.UtcDateTime);
                feed.Param("warning", NpgsqlDbType.Text, poll.Warning);
                feed.Param("next", NpgsqlDbType.TimestampTz, poll.NextAttemptUtc?.UtcDateTime);
                if (poll.Succeeded)
                {
                    feed.Param("etag", NpgsqlDbType.Text, poll.ETag);
                    feed.Param("lm", NpgsqlDbType.Text, poll.LastModified);
                    feed.Param("title", NpgsqlDbType.Text, poll.Title);
                }
                else
                {
                    feed.Param("error", NpgsqlDbType.Text, poll.Error ?? "failed");
                    feed.Param("gone", NpgsqlDbType.Boolean, poll.Gone);
                }
                await feed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return inserted;
        }, cancellationToken);
    }

    private static async Task<List<FeedState>> QueryFeedsAsync(NpgsqlConnection c, string? name, CancellationToken cancellationToken)
    {
        await using var cmd = Command(c, null, $"SELECT {FeedColumns} FROM feeds f {(name is null ? "" : "WHERE lower(f.name) = lower(@name)")} ORDER BY f.id;");
        if (name is not null) cmd.Param("name", NpgsqlDbType.Text, name);
        var list = new List<FeedState>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(ReadFeed(r));
        return list;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it, unless <paramref name="commitIf"/> says not to
    /// (then it is rolled back). A deadlock or serialization failure runs it again in a new transaction, so the work
    /// must change nothing outside the database before it returns.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken, Func<T, bool>? commitIf = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await work(c, tx).ConfigureAwait(false);
                if (commitIf is null || commitIf(result)) await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                else await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (PostgresException e) when (attempt < MaxAttempts && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // Disposing the transaction rolls it back; then try again.
            }
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var reason = e is PostgresException pe ? pe.MessageText : (e.InnerException ?? e).Message;
            throw new StoreUnavailableException($"cannot connect to the PostgreSQL {Database}: {reason}; {Hint(e)}", e);
        }
    }

    /// <summary>What to check, for what went wrong.</summary>
    private static string Hint(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
            "check Username in FeedWatch:Storage:ConnectionString and the password (FeedWatch:Storage:PasswordFile, or Password in the connection string).",
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
            "create the database (CREATE DATABASE feedwatch OWNER feedwatch;) or fix Database in FeedWatch:Storage:ConnectionString.",
        PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } =>
            "FeedWatch creates its tables itself: make its user the database's owner, or grant it CREATE on the schema.",
        PostgresException =>
            "check FeedWatch:Storage:ConnectionString and the server's log.",
        _ when e.InnerException is SocketException or TimeoutException || e is TimeoutException =>
            "check Host and Port in FeedWatch:Storage:ConnectionString, that the server is running, and that it accepts connections from here (listen_addresses, pg_hba.conf, firewalls).",
        _ => "check FeedWatch:Storage:ConnectionString and that the server is running and reachable from here.",
    };

    /// <summary>Inserts the report rows an analysis gives (<see cref="StoreRows.ReportRows"/>), one command for many.</summary>
    private sealed class ReportInserter : IAsyncDisposable
    {
        private readonly NpgsqlCommand _insert;
        private readonly NpgsqlParameter _item;
        private readonly NpgsqlParameter _ordinal;
        private readonly NpgsqlParameter _participants;
        private readonly NpgsqlParameter _statuses;
        private readonly NpgsqlParameter _json;

        public ReportInserter(NpgsqlConnection c, NpgsqlTransaction tx)
        {
            _insert = Command(c, tx, "INSERT INTO reports (item_id, ordinal, participants, statuses, report_json) VALUES (@item, @ordinal, @participants, @statuses, @json);");
            _item = _insert.Param("item", NpgsqlDbType.Bigint);
            _ordinal = _insert.Param("ordinal", NpgsqlDbType.Integer);
            _participants = _insert.Param("participants", NpgsqlDbType.Text);
            _statuses = _insert.Param("statuses", NpgsqlDbType.Text);
            _json = _insert.Param("json", NpgsqlDbType.Text);
        }

        public async Task InsertAsync(long itemId, Analysis.AnalysisResult analysis, CancellationToken cancellationToken)
        {
            foreach (var row in ReportRows(analysis))
            {
                _item.Value = itemId;
                _ordinal.Value = row.Ordinal;
                _participants.Value = row.Participants;
                _statuses.Value = row.Statuses;
                _json.Value = row.Json;
                await _insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public ValueTask DisposeAsync() => _insert.DisposeAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql) => new(sql, c, tx);

    private static async Task ExecAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = Command(c, tx, sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static object Db(object? value) => value ?? DBNull.Value;
}

/// <summary>Typed parameters: Npgsql infers nothing from a null, and PostgreSQL needs a type for <c>@p IS NULL</c>.</summary>
internal static class NpgsqlCommandParameters
{
    /// <summary>Adds the parameter <paramref name="name"/> of <paramref name="type"/> (null: SQL NULL) and returns it, so loops can set its value.</summary>
    public static NpgsqlParameter Param(this NpgsqlCommand cmd, string name, NpgsqlDbType type, object? value = null)
    {
        var p = new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value };
        cmd.Parameters.Add(p);
        return p;
    }
}
