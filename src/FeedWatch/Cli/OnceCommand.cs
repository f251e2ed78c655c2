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
/// the per-host limit still applying), analyses the new items, folds them into stories, makes and sends the digest (SMTP, or the
/// pickup folder), and prints one summary line.
/// Feeds that are backing off or gone are left alone, as the scheduler would. Exit code 0 when the round ran (a
/// failing feed is recorded, and listed on stderr), 1 when a digest message could not be delivered (it stays in the outbox),
/// 2 for a bad configuration.
/// </summary>
internal static class OnceCommand
{
    public const string Usage = "once [--config FILE] [--timings]  poll every enabled feed once, analyse, fold stories, send the digest, print a summary, exit";

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
        catch (Storage.StoreUnavailableException e)
        {
            stderr.WriteLine($"once: {e.Message}");
            return 1;
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
        var digest = await services.GetRequiredService<DigestService>().RunAsync(byHand: true, cancellationToken).ConfigureAwait(false);
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
        if (digest.Error is not null) stderr.WriteLine($"once: no digest: {digest.Error}");
        foreach (var d in digest.Deliveries.Where(d => !d.Delivered))
        {
            stderr.WriteLine($"once: digest message {d.MessageId}{(d.Recipient.Length > 0 ? " to " + d.Recipient : "")} not delivered: {d.Error}; it stays in the outbox and is sent at the next run.");
        }

        var ok = results.Count(r => r.Ok);
        var failedCount = results.Count(r => r.Outcome == PollOutcome.Failed);
        var skipped = results.Count(r => r.Outcome is PollOutcome.Deferred or PollOutcome.Gone);
        var delivered = digest.Deliveries.Where(d => d.Delivered).ToList();
        var digestText = delivered.Count == 0
            ? digest.DigestId is null && digest.Deliveries.Count == 0 ? "no digest (nothing new)" : "digest not delivered"
            : string.Join(", ", delivered.Select(d => d.Recipient.Length == 0
                ? $"digest {d.Delivery} ({Stories(d.Stories)})"
                : $"digest to {d.Recipient} via {d.Delivery} ({Stories(d.Stories)})"));
        var pages = results.Sum(r => r.Pages);
        var pageFailures = results.Sum(r => r.PageFailures);
        // Only feeds that fetch articles have pages to speak of.
        var pagesText = pages + pageFailures > 0 ? $"; pages {pages} read, {pageFailures} read from the feed instead" : "";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"once: feeds {ok} ok, {failedCount} failed{(skipped > 0 ? $", {skipped} waiting (backoff, Retry-After or gone)" : "")}; new items {results.Sum(r => r.NewItems)}{pagesText}; meetings {results.Sum(r => r.Meetings)}; {digestText}; {clock.Elapsed.TotalSeconds:0.00} s"));
        return digest.Failed ? 1 : 0;
    }

    private static string Stories(int n) => n == 1 ? "1 story" : string.Create(CultureInfo.InvariantCulture, $"{n} stories");
}
