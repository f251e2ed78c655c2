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
    public async Task<IAsyncDisposable?> TryLockOutboxAsync(CancellationToken cancellationToken)
    {
        var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var cmd = Command(c, null, "SELECT pg_try_advisory_lock(@key);");
            cmd.Param("key", NpgsqlDbType.Bigint, OutboxLock);
            if ((bool)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) return new OutboxLockHolder(c);
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        await c.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private sealed class OutboxLockHolder(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var cmd = Command(connection, null, "SELECT pg_advisory_unlock(@key);");
                cmd.Param("key", NpgsqlDbType.Bigint, OutboxLock);
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
