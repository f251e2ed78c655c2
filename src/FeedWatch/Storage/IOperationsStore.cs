namespace FeedWatch.Storage;

/// <summary>
/// What the scheduler did and when, for <c>health</c>: runs of the scheduled jobs that are not feed polls (the feeds'
/// own state records their polls), and the starts of worker instances. Shared by every instance of a cluster.
/// </summary>
public interface IOperationsStore
{
    /// <summary>Records the latest run of <paramref name="job"/> (one row per job name, replaced by each run).</summary>
    Task RecordJobRunAsync(JobRun run, CancellationToken cancellationToken);

    /// <summary>The latest run of every job name recorded.</summary>
    Task<IReadOnlyList<JobRun>> GetJobRunsAsync(CancellationToken cancellationToken);

    /// <summary>The schema version the store has now (0: never migrated): <c>health</c> reads without migrating.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);
}

/// <summary>One run of a scheduled job.</summary>
/// <param name="Job">"digest", or "start" for the latest start of a worker.</param>
/// <param name="Instance">The worker that ran it (host name and process id).</param>
/// <param name="Outcome">"ok", or what went wrong, in a few words.</param>
public sealed record JobRun(string Job, string Instance, DateTimeOffset StartedUtc, DateTimeOffset FinishedUtc, string Outcome)
{
    public const string Digest = "digest";
    public const string Start = "start";

    /// <summary>This process, as job runs name it.</summary>
    public static string ThisInstance { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
