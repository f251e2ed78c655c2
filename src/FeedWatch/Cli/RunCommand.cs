using FeedWatch.Hosting;
using FeedWatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeedWatch.Cli;

/// <summary><c>run [--config FILE]</c> (the default): the worker, until stopped (Ctrl+C, SIGTERM).</summary>
internal static class RunCommand
{
    public const string Usage = "run [--config FILE]            the worker: poll feeds on their schedules, write digests on the digest cron (default)";

    public static int Run(IReadOnlyList<string> args, TextWriter stderr)
    {
        if (!WorkerArgs.TryParse("run", args, stderr, out var parsed)) return 2;
        if (!WorkerSetup.TryLoad("run", parsed, reloadOnChange: true, stderr, out var configuration, out var settings)) return 2;
        try
        {
            // Built inside: the clustered scheduler reads the store's password file while the host is built.
            using var host = WorkerHost.Build(configuration!, settings!, withScheduler: true);
            // The store is opened (and migrated) before the host starts, so a store that cannot be used is this one
            // message below rather than the host's start failure with its stack trace; the start finds it current.
            host.Services.GetRequiredService<IFeedStore>().MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            host.Run();
        }
        catch (StoreUnavailableException e)
        {
            stderr.WriteLine($"run: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"run: cannot use the data folder {settings!.DataDirectory}: {e.Message}; check FeedWatch:DataDirectory and its permissions.");
            return 1;
        }
        return 0;
    }
}
