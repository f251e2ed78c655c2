using Microsoft.Data.Sqlite;
using static FeedWatch.Storage.StoreRows;

namespace FeedWatch.Storage;

/// <summary>Job runs for <c>health</c>, and the outbox lock.</summary>
public sealed partial class SqliteFeedStore : IOperationsStore
{
    public async Task RecordJobRunAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var c = await WriterAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = Command(c, null, """
                INSERT INTO job_runs (job, instance, started_utc, finished_utc, outcome) VALUES ($job, $instance, $started, $finished, $outcome)
                ON CONFLICT (job) DO UPDATE SET instance = excluded.instance, started_utc = excluded.started_utc,
                    finished_utc = excluded.finished_utc, outcome = excluded.outcome;
                """);
            cmd.Parameters.AddWithValue("$job", run.Job);
            cmd.Parameters.AddWithValue("$instance", run.Instance);
            cmd.Parameters.AddWithValue("$started", Time(run.StartedUtc));
            cmd.Parameters.AddWithValue("$finished", Time(run.FinishedUtc));
            cmd.Parameters.AddWithValue("$outcome", run.Outcome);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<JobRun>> GetJobRunsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"SELECT {JobRunColumns} FROM job_runs ORDER BY job;");
        var list = new List<JobRun>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(ReadJobRun(r));
        return list;
    }

    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        // Read-only: a missing file is "never migrated", not a file to create.
        if (!File.Exists(DatabasePath)) return 0;
        var readOnly = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        await using var c = new SqliteConnection(readOnly);
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')
                        THEN (SELECT COALESCE(MAX(version), 0) FROM schema_migrations) ELSE 0 END;
            """);
        return (int)(long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _feedsPolling = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// One poll of a feed at a time in this process: SQLite is the store of one worker (Quartz's store is in memory,
    /// its jobs in this process), so the lock is this process's.
    /// </summary>
    public Task<IAsyncDisposable?> TryLockFeedAsync(string feedName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedName);
        return Task.FromResult<IAsyncDisposable?>(_feedsPolling.TryAdd(feedName, 0) ? new FeedLock(_feedsPolling, feedName) : null);
    }

    private sealed class FeedLock(System.Collections.Concurrent.ConcurrentDictionary<string, byte> polling, string feedName) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) polling.TryRemove(feedName, out _);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// The outbox lock across processes sharing this file (a worker and a <c>once</c> run by hand): an exclusive
    /// lock on a file beside the database, which the operating system releases when the process ends, however it ends.
    /// </summary>
    public Task<IAsyncDisposable?> TryLockOutboxAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stream = new FileStream(DatabasePath + ".outbox-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            return Task.FromResult<IAsyncDisposable?>(stream);
        }
        catch (IOException) when (File.Exists(DatabasePath + ".outbox-lock"))
        {
            return Task.FromResult<IAsyncDisposable?>(null);
        }
    }
}
