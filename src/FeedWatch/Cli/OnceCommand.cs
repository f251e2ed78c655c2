using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FeedWatch.Digest;
using FeedWatch.Feeds;
using FeedWatch.Hosting;
using FeedWatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedWatch.Cli;

/// <summary>
/// <c>once [--config FILE]</c>: polls every enabled feed once (as many at a time as Polling:MaxConcurrentFeeds,
/// the per-host limit still applying), analyses the new items, writes the digest, and prints one summary line.
/// Feeds that are backing off or gone are left alone, as the scheduler would. Exit code 0 when the round ran (a
/// failing feed is recorded, and listed on stderr), 1 when the digest could not be written, 2 for a bad configuration.
/// </summary>
internal static class OnceCommand
{
    public const string Usage = "once [--config FILE] [--timings]  poll every enabled feed once, analyse, write the digest, print a summary, exit";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var timings = args.Contains("--timings");
        if (!WorkerArgs.TryParse("once", [.. args.Where(a => a != "--timings")], stderr, out var parsed)) return 2;
        if (!WorkerSetup.TryLoad("once", parsed, reloadOnChange: false, stderr, out var configuration, out var settings)) return 2;
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var host = WorkerHost.Build(configuration!, settings!, withScheduler: false,
                logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error).AddFilter("FeedWatch", LogLevel.Error));
            return RunAsync(host.Services, settings!.EnabledFeeds.ToList(), settings.Options.Polling.MaxConcurrentFeeds, stdout, stderr, cancel.Token, timings).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            stderr.WriteLine("once: stopped; every feed finished before the stop is stored, the rest are polled next time.");
            return 130;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"once: cannot use the data folder {settings!.DataDirectory}: {e.Message}; check FeedWatch:DataDirectory and its permissions.");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    internal static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<Configuration.FeedDefinition> feeds, int width, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, bool timings = false)
    {
        var clock = Stopwatch.StartNew();
        var store = services.GetRequiredService<IFeedStore>();
        var refresher = services.GetRequiredService<FeedRefresher>();
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);

        var results = new ConcurrentBag<PollSummary>();
        await Parallel.ForEachAsync(feeds, new ParallelOptions { MaxDegreeOfParallelism = width, CancellationToken = cancellationToken },
            async (feed, ct) => results.Add(await refresher.RefreshAsync(feed, ct).ConfigureAwait(false))).ConfigureAwait(false);
        var polled = clock.Elapsed;
        var digests = await services.GetRequiredService<DigestService>().RunAsync(cancellationToken).ConfigureAwait(false);
        if (timings)
        {
            // Summed over feeds: with several feeds at once, the sums exceed the elapsed time.
            static double Sum(IEnumerable<PollSummary> r, Func<StageTimes, TimeSpan> f) => r.Sum(x => f(x.Times).TotalSeconds);
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"once: timings: polling {polled.TotalSeconds:0.00} s elapsed, digest {(clock.Elapsed - polled).TotalSeconds:0.00} s; summed over feeds: fetch {Sum(results, t => t.Fetch):0.00} s, parse {Sum(results, t => t.Parse):0.00} s, articles {Sum(results, t => t.Articles):0.00} s, analyse {Sum(results, t => t.Analyse):0.00} s, store {Sum(results, t => t.Store):0.00} s"));
        }

        foreach (var failed in results.Where(r => r.Outcome == PollOutcome.Failed).OrderBy(r => r.Feed, StringComparer.Ordinal))
        {
            stderr.WriteLine($"once: feed \"{failed.Feed}\" failed: {failed.Error}");
        }
        foreach (var d in digests.Where(d => d.Error is not null)) stderr.WriteLine($"once: digest {d.DigestId}: {d.Error}");

        var ok = results.Count(r => r.Ok);
        var failedCount = results.Count(r => r.Outcome == PollOutcome.Failed);
        var skipped = results.Count(r => r.Outcome is PollOutcome.Deferred or PollOutcome.Gone);
        var written = digests.Where(d => d.Path is not null).ToList();
        var digestText = written.Count == 0
            ? "no digest (nothing new)"
            : string.Join(", ", written.Select(d => $"digest {d.Path} ({d.Reports} reports)"));
        var pages = results.Sum(r => r.Pages);
        var pageFailures = results.Sum(r => r.PageFailures);
        // Only feeds that fetch articles have pages to speak of.
        var pagesText = pages + pageFailures > 0 ? $"; pages {pages} read, {pageFailures} read from the feed instead" : "";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"once: feeds {ok} ok, {failedCount} failed{(skipped > 0 ? $", {skipped} waiting (backoff, Retry-After or gone)" : "")}; new items {results.Sum(r => r.NewItems)}{pagesText}; meetings {results.Sum(r => r.Meetings)}; {digestText}; {clock.Elapsed.TotalSeconds:0.00} s"));
        return digests.Any(d => d.Error is not null) ? 1 : 0;
    }
}
