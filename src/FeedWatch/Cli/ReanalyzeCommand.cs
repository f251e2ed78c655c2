using System.Globalization;
using FeedWatch.Hosting;
using FeedWatch.Storage;
using FeedWatch.Stories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedWatch.Cli;

/// <summary>
/// <c>reanalyze [--config FILE] [--since DATE]</c>: runs the current analyser over the stored articles (published, or
/// first seen, on or after DATE) and updates the stories; sends nothing. The next digest tells what changed, and
/// nothing already sent again.
/// </summary>
internal static class ReanalyzeCommand
{
    public const string Usage = "reanalyze [--config FILE] [--since DATE]  the current analyser over stored articles; stories updated, nothing resent";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var rest = args.ToList();
        if (!CommandOptions.TryTake(rest, "--since", stderr, "reanalyze", out var sinceText)) return 2;
        DateTimeOffset? since = null;
        if (sinceText is not null)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var s))
            {
                stderr.WriteLine($"reanalyze: --since \"{sinceText}\" is not a date; write one such as 2026-11-01 (UTC) or 2026-11-01T06:00:00Z.");
                return 2;
            }
            since = s;
        }
        if (!WorkerArgs.TryParse("reanalyze", rest, stderr, out var parsed)) return 2;
        if (!WorkerSetup.TryLoad("reanalyze", parsed, reloadOnChange: false, stderr, out var configuration, out var settings)) return 2;
        try
        {
            using var host = WorkerHost.Build(configuration!, settings!, withScheduler: false,
                logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error).AddFilter("FeedWatch", LogLevel.Error));
            return RunAsync(host.Services, since, stdout, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Storage.StoreUnavailableException e)
        {
            stderr.WriteLine($"reanalyze: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            stderr.WriteLine($"reanalyze: cannot use the data folder {settings!.DataDirectory}: {e.Message}; check FeedWatch:DataDirectory and its permissions.");
            return 1;
        }
    }

    internal static async Task<int> RunAsync(IServiceProvider services, DateTimeOffset? since, TextWriter stdout, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<IFeedStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        var summary = await services.GetRequiredService<Reanalyzer>().RunAsync(since, cancellationToken).ConfigureAwait(false);
        var scope = since is { } s ? $" since {s:yyyy-MM-dd HH:mm} UTC" : "";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reanalyze: {summary.Articles} articles{scope} read again, {summary.Changed} with a changed analysis, {summary.Failed} failed; {summary.Fold.StoriesChanged} stories updated; nothing sent (the next digest tells what changed)."));
        if (summary.WithoutText > 0)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reanalyze: {summary.WithoutText} reported items{scope} have no stored text (stored by a FeedWatch before stories); they keep their analysis."));
        }
        return summary.Failed > 0 ? 1 : 0;
    }
}
