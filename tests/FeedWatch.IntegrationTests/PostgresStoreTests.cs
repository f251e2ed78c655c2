using System.Text;
using FeedWatch.Analysis;
using FeedWatch.Cli;
using FeedWatch.Configuration;
using FeedWatch.Storage;
using FeedWatch.Stories;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FeedWatch.IntegrationTests;

/// <summary>
/// The PostgreSQL store where it differs from SQLite: several processes (here, several stores, each with its own
/// connections) on one database at the same time, migrations, and a database that cannot be used. Where two writes
/// must meet, the test holds a lock on the table until both are waiting for it, then lets them go together.
/// </summary>
[Collection(UsesPostgres.Name)]
public sealed class PostgresStoreTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 7, 0, 0, TimeSpan.Zero);
    private readonly List<PostgresFeedStore> _stores = [];
    private readonly string _dir = Worker.NewDataDirectory();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A store of its own on <paramref name="connectionString"/>, as another process would have.</summary>
    private PostgresFeedStore Store(string connectionString)
    {
        var store = new PostgresFeedStore(connectionString);
        _stores.Add(store);
        return store;
    }

    private async Task<(string Db, PostgresFeedStore A, PostgresFeedStore B)> TwoStoresAsync()
    {
        var db = await postgres.CreateDatabaseAsync();
        var a = Store(db);
        await a.MigrateAsync(CancellationToken.None);
        return (db, a, Store(db));
    }

    [Fact]
    public async Task Three_processes_starting_at_once_on_an_empty_database_apply_each_migration_once()
    {
        var db = await postgres.CreateDatabaseAsync();
        Task[] migrations;
        // The three wait for the migration lock together, then go one after the other.
        await using (var holder = await BlockAsync(db, $"SELECT pg_advisory_xact_lock({PostgresFeedStore.MigrationLock});"))
        {
            migrations = [.. Enumerable.Range(0, 3).Select(_ => Store(db).MigrateAsync(CancellationToken.None))];
            await WaitForWaitersAsync(db, 3);
        }
        await Task.WhenAll(migrations);

        var applied = await QueryAsync(db, "SELECT version, name FROM schema_migrations ORDER BY version;", r => (r.GetInt32(0), r.GetString(1)));
        Assert.Equal(SqliteMigrations.Steps.Select(s => (s.Version, s.Name)), applied);
        Assert.Empty(await Store(db).ListFeedsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Migrating_a_current_database_again_changes_nothing()
    {
        var (db, a, b) = await TwoStoresAsync();
        await a.UpsertFeedAsync(Feed("wire"), Now, CancellationToken.None);
        var before = await QueryAsync(db, "SELECT version, applied_utc FROM schema_migrations ORDER BY version;", r => (r.GetInt32(0), r.GetDateTime(1)));

        await b.MigrateAsync(CancellationToken.None);
        await a.MigrateAsync(CancellationToken.None);

        Assert.Equal(before, await QueryAsync(db, "SELECT version, applied_utc FROM schema_migrations ORDER BY version;", r => (r.GetInt32(0), r.GetDateTime(1))));
        Assert.Equal("wire", Assert.Single(await b.ListFeedsAsync(CancellationToken.None)).Name);
    }

    [Fact]
    public async Task A_database_with_a_newer_schema_is_refused_with_the_versions_and_what_to_do()
    {
        var (db, _, b) = await TwoStoresAsync();
        await QueryAsync(db, "INSERT INTO schema_migrations (version, name, applied_utc) VALUES (99, 'from a later FeedWatch', now());", r => 0);

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => b.MigrateAsync(CancellationToken.None));

        var latest = PostgresMigrations.Steps.Max(s => s.Version);
        Assert.Contains($"has schema version 99, newer than this FeedWatch knows ({latest}); run the newer FeedWatch", e.Message, StringComparison.Ordinal);
        Assert.Contains(new NpgsqlConnectionStringBuilder(db).Database!, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_PostgreSQL_migrations_have_the_versions_names_tables_and_columns_of_the_SQLite_ones()
    {
        var db = await postgres.CreateDatabaseAsync();
        await Store(db).MigrateAsync(CancellationToken.None);
        var file = Path.Combine(_dir, "schema.db");
        using (var sqlite = new SqliteFeedStore(file)) await sqlite.MigrateAsync(CancellationToken.None);

        var pgColumns = await QueryAsync(db, "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema();", r => r.GetString(0));
        var sqliteColumns = new List<string>();
        using (var c = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%';";
            using var r = cmd.ExecuteReader();
            while (r.Read()) sqliteColumns.Add(r.GetString(0));
        }

        Assert.Equal(SqliteMigrations.Steps.Select(s => (s.Version, s.Name)), PostgresMigrations.Steps.Select(s => (s.Version, s.Name)));
        Assert.Equal(sqliteColumns.Order(StringComparer.Ordinal), pgColumns.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_same_new_item_stored_by_two_processes_at_once_is_stored_and_reported_once()
    {
        var (db, a, b) = await TwoStoresAsync();
        var feed = await a.UpsertFeedAsync(Feed("wire"), Now, CancellationToken.None);
        var poll = new PollRecord(feed.Id, Now, true, feed.Url, "\"v1\"", null, "Wire", null, null, null, false,
            [new NewItem("guid:m1", "m1", "https://news.example/m1", "Putin and Xi to meet in Beijing", Now.AddHours(-1), "hash-m1", true, PlannedMeeting(), "Putin will meet Xi in Beijing.")]);

        Task<int>[] polls;
        await using (var holder = await BlockAsync(db, "LOCK TABLE items IN EXCLUSIVE MODE;"))
        {
            polls = [a.RecordPollAsync(poll, CancellationToken.None), b.RecordPollAsync(poll, CancellationToken.None)];
            await WaitForWaitersAsync(db, 2);
        }
        var inserted = await Task.WhenAll(polls);

        Assert.Equal([0, 1], inserted.Order());
        Assert.Equal((1L, 1L, 1L), await CountsAsync(db));
        var pending = Assert.Single(await b.GetUnfoldedItemsAsync(10, CancellationToken.None));
        Assert.Equal("Putin will meet Xi in Beijing.", pending.Text);
        Assert.Equal(1L, (await b.GetFeedAsync("WIRE", CancellationToken.None))!.ItemCount);
    }

    [Fact]
    public async Task Two_processes_folding_the_same_item_at_once_write_one_fold_and_the_other_is_told_to_fold_again()
    {
        var (db, a, b) = await TwoStoresAsync();
        var feed = await a.UpsertFeedAsync(Feed("wire"), Now, CancellationToken.None);
        await a.RecordPollAsync(new PollRecord(feed.Id, Now, true, feed.Url, null, null, "Wire", null, null, null, false,
            [new NewItem("guid:m1", "m1", "https://news.example/m1", "Putin and Xi to meet in Beijing", Now.AddHours(-1), "hash-m1", true, PlannedMeeting(), "Putin will meet Xi in Beijing.")]), CancellationToken.None);
        var foldA = await FoldAsync(a);
        var foldB = await FoldAsync(b);

        Task<bool>[] saves;
        await using (var holder = await BlockAsync(db, "LOCK TABLE story_items IN EXCLUSIVE MODE;"))
        {
            saves = [a.SaveFoldAsync(foldA.Items, foldA.Stories, Now, CancellationToken.None), b.SaveFoldAsync(foldB.Items, foldB.Stories, Now, CancellationToken.None)];
            await WaitForWaitersAsync(db, 2);
        }
        var saved = await Task.WhenAll(saves);

        Assert.Equal([false, true], saved.Order());
        var loser = saved[0] ? foldB : foldA;
        Assert.Equal(0L, Assert.Single(loser.Stories).Id); // nothing of the refused fold is taken as written
        var story = Assert.Single(await a.ListStoriesAsync(CancellationToken.None));
        Assert.Equal(1, Assert.Single(story.Reports).Ordinal);
        Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM story_items;"));
        Assert.Empty(await b.GetUnfoldedItemsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task The_last_two_messages_of_a_digest_marked_sent_by_two_processes_at_once_mark_the_digest_delivered()
    {
        var (db, a, b) = await TwoStoresAsync();
        var digest = await a.RecordDigestAsync(new DigestDraft(Now, "2 recipients", [Message("one@example.org"), Message("two@example.org")], []), CancellationToken.None);
        var messages = await a.ListMessagesAsync(CancellationToken.None);

        Task[] marks;
        await using (var holder = await BlockAsync(db, "LOCK TABLE digests IN EXCLUSIVE MODE;"))
        {
            marks = [a.MarkMessageSentAsync(messages[0].Id, "smtp", Now, CancellationToken.None), b.MarkMessageSentAsync(messages[1].Id, "smtp", Now, CancellationToken.None)];
            await WaitForWaitersAsync(db, 2);
        }
        await Task.WhenAll(marks);

        Assert.All(await a.ListMessagesAsync(CancellationToken.None), m => Assert.True(m.Sent));
        Assert.Equal(1L, await ScalarAsync(db, $"SELECT COUNT(*) FROM digests WHERE id = {digest} AND delivered_utc IS NOT NULL;"));
        Assert.Empty(await b.GetUnsentMessagesAsync(Now, includeBackingOff: true, CancellationToken.None));
    }

    [Fact]
    public async Task Health_reads_version_zero_from_an_empty_database_and_the_latest_run_of_each_job_from_any_process()
    {
        var db = await postgres.CreateDatabaseAsync();
        var empty = await Store(db).GetSchemaVersionAsync(CancellationToken.None);
        var (_, a, b) = (db, Store(db), Store(db));
        await a.MigrateAsync(CancellationToken.None);

        await a.RecordJobRunAsync(new JobRun(JobRun.Digest, "host-a:1", Now, Now.AddSeconds(2), "ok"), CancellationToken.None);
        await b.RecordJobRunAsync(new JobRun(JobRun.Digest, "host-b:2", Now.AddHours(1), Now.AddHours(1).AddSeconds(3), "SMTP refused"), CancellationToken.None);
        await a.RecordJobRunAsync(new JobRun(JobRun.Start, "host-a:1", Now, Now, "ok"), CancellationToken.None);

        Assert.Equal(0, empty);
        Assert.Equal(PostgresMigrations.Steps.Max(s => s.Version), await b.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal(
            [new JobRun(JobRun.Digest, "host-b:2", Now.AddHours(1), Now.AddHours(1).AddSeconds(3), "SMTP refused"), new JobRun(JobRun.Start, "host-a:1", Now, Now, "ok")],
            await a.GetJobRunsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_feed_is_polled_by_one_process_at_a_time_its_name_compared_without_case()
    {
        var (_, a, b) = await TwoStoresAsync();
        var held = await a.TryLockFeedAsync("Reuters World", CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await b.TryLockFeedAsync("reuters world", CancellationToken.None));
        var other = await b.TryLockFeedAsync("AP Top News", CancellationToken.None);
        Assert.NotNull(other);

        await held.DisposeAsync();
        var taken = await b.TryLockFeedAsync("REUTERS WORLD", CancellationToken.None);
        Assert.NotNull(taken);
        await taken.DisposeAsync();
        await other.DisposeAsync();
        Assert.NotEqual(PostgresFeedStore.OutboxLock, PostgresFeedStore.FeedLockKey("Reuters World"));
    }

    [Fact]
    public async Task The_outbox_lock_of_a_process_whose_connection_dies_is_free_for_the_others()
    {
        var (db, a, b) = await TwoStoresAsync();
        var held = await a.TryLockOutboxAsync(CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await b.TryLockOutboxAsync(CancellationToken.None));

        // The holder's process dies: its session ends, and the server releases what it held.
        Assert.Equal(1L, await ScalarAsync(db, $"SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = {PostgresFeedStore.OutboxLock & 0xFFFF_FFFF}) AS t;"));
        await Worker.WaitUntilAsync(async () => await ScalarAsync(db, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory';") == 0, TimeSpan.FromSeconds(30), "the lock is released");
        var taken = await b.TryLockOutboxAsync(CancellationToken.None);

        Assert.NotNull(taken);
        await taken.DisposeAsync();
        await held.DisposeAsync(); // its connection is gone: disposing is quiet
        var again = await a.TryLockOutboxAsync(CancellationToken.None);
        Assert.NotNull(again);
        await again.DisposeAsync();
    }

    [Fact]
    public async Task Two_workers_polling_and_folding_the_same_feeds_at_once_store_each_item_once_in_one_story()
    {
        await using var server = await FeedServer.StartAsync();
        var recent = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < 4; i++) server.MapFeed($"/feed{i}", FeedServer.Rss($"Feed {i}", FeedServer.Meeting($"m{i}", recent), FeedServer.Plain($"p{i}", recent)));
        var section = await Worker.OnStoreAsync(StoreKind.PostgreSql, postgres, new
        {
            DataDirectory = _dir,
            Feeds = Enumerable.Range(0, 4).Select(i => new { Name = $"feed{i}", Url = server.Url($"/feed{i}").ToString(), FetchArticles = false }).ToArray(),
        });
        await using var first = await Worker.StartAsync(_dir, section);
        await using var second = await Worker.StartAsync(_dir, section);

        var polls = await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(i => new[] { first.PollAsync($"feed{i}"), second.PollAsync($"feed{i}") }));
        await Task.WhenAll(
            first.Host.Services.GetRequiredService<StoryTracker>().FoldPendingAsync(CancellationToken.None),
            second.Host.Services.GetRequiredService<StoryTracker>().FoldPendingAsync(CancellationToken.None));

        Assert.Equal(8, polls.Sum(p => p.NewItems));
        Assert.All(await first.Store.ListFeedsAsync(CancellationToken.None), f => Assert.Equal(2L, f.ItemCount));
        var story = Assert.Single(await second.AllStoriesAsync());
        Assert.Equal(4, story.Reports.Count);
        Assert.Equal(4, story.Reports.Select(r => r.ItemId).Distinct().Count());
        Assert.Empty(await first.Stories.GetUnfoldedItemsAsync(10, CancellationToken.None));
    }

    [Fact]
    public void A_server_that_cannot_be_reached_stops_once_with_the_host_and_database_and_what_to_check()
    {
        var port = UnusedPort();
        var (code, stderr) = Once($"Host=127.0.0.1;Port={port};Database=feedwatch;Username=feedwatch;Password=s3cret-Pa55;Timeout=5");

        Assert.Equal(1, code);
        Assert.StartsWith($"once: cannot connect to the PostgreSQL database \"feedwatch\" on 127.0.0.1:{port} as \"feedwatch\": ", stderr, StringComparison.Ordinal);
        Assert.Contains("check Host and Port in FeedWatch:Storage:ConnectionString, that the server is running", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_that_cannot_be_reached_stops_run_with_that_one_message_before_the_host_starts()
    {
        var config = Worker.WriteConfig(_dir, new { DataDirectory = _dir, Storage = new { Provider = "PostgreSql", ConnectionString = $"Host=127.0.0.1;Port={UnusedPort()};Database=feedwatch;Username=feedwatch;Timeout=5" } });
        using var stderr = new StringWriter();

        var code = RunCommand.Run(["--config", config], stderr);

        Assert.Equal(1, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("run: cannot connect to the PostgreSQL database \"feedwatch\" on 127.0.0.1:", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_that_does_not_exist_stops_once_saying_to_create_it()
    {
        var (code, stderr) = Once(postgres.ConnectionString("no_such_database"));

        Assert.Equal(1, code);
        Assert.StartsWith("once: cannot connect to the PostgreSQL database \"no_such_database\" on 127.0.0.1:", stderr, StringComparison.Ordinal);
        Assert.Contains("does not exist; create the database (CREATE DATABASE feedwatch OWNER feedwatch;)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    /// <summary>A port nothing listens on.</summary>
    private static int UnusedPort() => Smtp.SmtpServer.FreePort();

    private (int Code, string Stderr) Once(string connectionString)
    {
        var config = Worker.WriteConfig(_dir, new { DataDirectory = _dir, Storage = new { Provider = "PostgreSql", ConnectionString = connectionString } });
        using var stderr = new StringWriter();
        var code = OnceCommand.Run(["--config", config], TextWriter.Null, stderr);
        return (code, stderr.ToString());
    }

    private static FeedDefinition Feed(string name) =>
        new(name, new Uri($"https://news.example/{name}.xml"), FeedSchedule.Every(TimeSpan.FromMinutes(15)), true, false, TimeSpan.FromDays(2));

    private static AnalysisResult PlannedMeeting() =>
        new(true, [new MeetingReport(["Vladimir Putin", "Xi Jinping"], [MeetingStatus.Planned], "Beijing", null, "next week", null, [], 0.9)]);

    private static DraftMessage Message(string to) =>
        new(to, $"<{Guid.NewGuid():N}@feedwatch>", "FeedWatch: 1 meeting", 1, Encoding.UTF8.GetBytes("Subject: FeedWatch\r\n\r\nbody"), "<p>body</p>", "body");

    /// <summary>What the story tracker would write for the store's unfolded items, read and folded by that store.</summary>
    private static async Task<(Dictionary<long, TextFingerprint?> Items, List<Story> Stories)> FoldAsync(PostgresFeedStore store)
    {
        var folder = new StoryFolder(TimeSpan.FromDays(14), 0.7);
        var items = new Dictionary<long, TextFingerprint?>();
        var stories = new List<Story>();
        foreach (var item in await store.GetUnfoldedItemsAsync(100, CancellationToken.None))
        {
            var fingerprint = TextFingerprint.Of(item.Text ?? item.Title);
            items[item.ItemId] = fingerprint;
            for (var i = 0; i < item.Meetings.Count; i++)
            {
                var report = new StoryReport(item.ItemId, i + 1, item.Outlet, item.Title, item.Link, item.ContentHash, item.ReportedUtc, item.Meetings[i], fingerprint);
                if (folder.Fold(stories, report, Now) is { } story && !stories.Contains(story)) stories.Add(story);
            }
        }
        return (items, stories);
    }

    /// <summary>Runs <paramref name="sql"/> in a transaction that stays open (holding its locks) until disposed, then commits.</summary>
    private static async Task<IAsyncDisposable> BlockAsync(string db, string sql)
    {
        var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        var tx = await c.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand(sql, c, tx)) await cmd.ExecuteNonQueryAsync();
        return new Holder(c, tx);
    }

    private sealed class Holder(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.CommitAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Waits until <paramref name="count"/> sessions of the database wait for a lock.</summary>
    private static Task WaitForWaitersAsync(string db, int count) =>
        Worker.WaitUntilAsync(async () => await ScalarAsync(db, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';") >= count,
            TimeSpan.FromSeconds(30), $"{count} sessions wait for the lock");

    private static async Task<(long Items, long Reports, long Texts)> CountsAsync(string db) =>
        (await ScalarAsync(db, "SELECT COUNT(*) FROM items;"), await ScalarAsync(db, "SELECT COUNT(*) FROM reports;"), await ScalarAsync(db, "SELECT COUNT(*) FROM item_texts;"));

    private static async Task<long> ScalarAsync(string db, string sql) => (await QueryAsync(db, sql, r => r.GetInt64(0))).Single();

    private static async Task<List<T>> QueryAsync<T>(string db, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<T>();
        while (await r.ReadAsync()) list.Add(read(r));
        return list;
    }
}
