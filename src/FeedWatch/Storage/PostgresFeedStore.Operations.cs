using Npgsql;
using NpgsqlTypes;
using static FeedWatch.Storage.StoreRows;

namespace FeedWatch.Storage;

/// <summary>Job runs for <c>health</c>, and the outbox lock.</summary>
public sealed partial class PostgresFeedStore : IOperationsStore
{
    /// <summary>The advisory lock the outbox sender holds (a constant of this application: "FWoutbox" in ASCII).</summary>
    internal const long OutboxLock = 0x4657_6F75_7462_6F78;

    public async Task RecordJobRunAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, """
            INSERT INTO job_runs (job, instance, started_utc, finished_utc, outcome) VALUES (@job, @instance, @started, @finished, @outcome)
            ON CONFLICT (job) DO UPDATE SET instance = excluded.instance, started_utc = excluded.started_utc,
                finished_utc = excluded.finished_utc, outcome = excluded.outcome;
            """);
        cmd.Param("job", NpgsqlDbType.Text, run.Job);
        cmd.Param("instance", NpgsqlDbType.Text, run.Instance);
        cmd.Param("started", NpgsqlDbType.TimestampTz, run.StartedUtc.UtcDateTime);
        cmd.Param("finished", NpgsqlDbType.TimestampTz, run.FinishedUtc.UtcDateTime);
        cmd.Param("outcome", NpgsqlDbType.Text, run.Outcome);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JobRun>> GetJobRunsAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(c, null, $"SELECT {JobRunColumns} FROM job_runs ORDER BY job;");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<JobRun>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(ReadJobRun(r));
        return list;
    }

    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        // Read-only: a database without the table was never migrated.
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var exists = Command(c, null, "SELECT to_regclass('schema_migrations') IS NOT NULL;"))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) return 0;
        }
        await using var cmd = Command(c, null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;");
        return (int)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The outbox lock across every process on this database: a session advisory lock, held on a connection of its
    /// own for as long as the lock is. PostgreSQL releases it when that connection ends, however the process ends.
    /// </summary>
    public Task<IAsyncDisposable?> TryLockOutboxAsync(CancellationToken cancellationToken) => TryAdvisoryLockAsync(OutboxLock, cancellationToken);

    /// <summary>
    /// One poll of a feed at a time across every process on this database: the same kind of lock as the outbox's,
    /// keyed by a 64-bit hash of the feed's name. (Quartz could keep a feed's job from running twice at once itself,
    /// but on a cluster it then takes its cluster-wide lock for every firing and completion, which measured as
    /// the largest cost of a round.)
    /// </summary>
    public Task<IAsyncDisposable?> TryLockFeedAsync(string feedName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedName);
        return TryAdvisoryLockAsync(FeedLockKey(feedName), cancellationToken);
    }

    /// <summary>FNV-1a over "feed:" and the name in lower case: stable across processes and versions.</summary>
    internal static long FeedLockKey(string feedName)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in "feed:" + feedName.ToLowerInvariant())
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }
        return unchecked((long)hash);
    }

    private async Task<IAsyncDisposable?> TryAdvisoryLockAsync(long key, CancellationToken cancellationToken)
    {
        var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var cmd = Command(c, null, "SELECT pg_try_advisory_lock(@key);");
            cmd.Param("key", NpgsqlDbType.Bigint, key);
            if ((bool)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) return new AdvisoryLockHolder(c, key);
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        await c.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private sealed class AdvisoryLockHolder(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var cmd = Command(connection, null, "SELECT pg_advisory_unlock(@key);");
                cmd.Param("key", NpgsqlDbType.Bigint, key);
                await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the lock with it.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
