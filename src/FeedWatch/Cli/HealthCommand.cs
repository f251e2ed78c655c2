using System.Data.Common;
using FeedWatch.Hosting;
using FeedWatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedWatch.Cli;

/// <summary>
/// <c>health [--config FILE]</c>: exit 0 when, per the store, every feed was polled on time and the last digest that
/// was due was made; 1 otherwise, with the reasons. The container's HEALTHCHECK calls it; it reads, never writes.
/// </summary>
internal static class HealthCommand
{
    public const string Usage = "health [--config FILE]                  exit 0 when feeds are polled and the due digest made on time (the container's HEALTHCHECK)";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (!WorkerArgs.TryParse("health", args, stderr, out var parsed)) return 2;
        if (!WorkerSetup.TryLoad("health", parsed, reloadOnChange: false, stderr, out var configuration, out var settings)) return 2;
        try
        {
            using var host = WorkerHost.Build(configuration!, settings!, withScheduler: false,
                logging => logging.SetMinimumLevel(LogLevel.None));
            var report = RunAsync(host.Services, settings!, TimeProvider.System.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult();
            stdout.WriteLine($"health: {(report.Healthy ? "ok" : "unhealthy")}: {string.Join("; ", report.Findings)}");
            return report.Healthy ? 0 : 1;
        }
        catch (StoreUnavailableException e)
        {
            stdout.WriteLine($"health: unhealthy: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbException or InvalidOperationException)
        {
            stdout.WriteLine($"health: unhealthy: cannot read the store: {e.Message}; check FeedWatch:DataDirectory or FeedWatch:Storage.");
            return 1;
        }
    }

    internal static async Task<HealthReport> RunAsync(IServiceProvider services, Configuration.FeedWatchSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var runs = services.GetRequiredService<IOperationsStore>();
        var version = await runs.GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
        if (version == 0) return HealthCheck.Evaluate(settings, [], [], 0, now);
        var feeds = await services.GetRequiredService<IFeedStore>().ListFeedsAsync(cancellationToken).ConfigureAwait(false);
        return HealthCheck.Evaluate(settings, feeds, await runs.GetJobRunsAsync(cancellationToken).ConfigureAwait(false), version, now);
    }
}
