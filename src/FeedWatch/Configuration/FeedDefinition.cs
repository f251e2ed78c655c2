using System.Globalization;
using Quartz;

namespace FeedWatch.Configuration;

/// <summary>When a feed is polled: a fixed interval or a Quartz cron expression.</summary>
public sealed record FeedSchedule(TimeSpan? Interval, string? Cron)
{
    /// <summary>Shortest interval accepted: anything faster is a mistake, not a schedule.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    public static FeedSchedule Every(TimeSpan interval) => new(interval, null);

    /// <summary>Reads "00:15:00" (an interval: it must contain a colon) or a Quartz cron expression ("0 */10 * * * ?").</summary>
    public static bool TryParse(string text, out FeedSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval) || interval < MinimumInterval)
            {
                error = $"\"{text}\" is not an interval of at least {MinimumInterval.TotalSeconds:0} second; write one such as \"00:15:00\", or a cron expression such as \"0 */15 * * * ?\"";
                return false;
            }
            schedule = Every(interval);
            return true;
        }
        if (!CronExpression.TryParse(text, out _))
        {
            error = $"\"{text}\" is neither an interval (\"00:15:00\") nor a Quartz cron expression (six or seven fields, seconds first: \"0 */15 * * * ?\")";
            return false;
        }
        schedule = new FeedSchedule(null, text);
        return true;
    }

    public override string ToString() => Interval is { } i ? i.ToString("c", CultureInfo.InvariantCulture) : Cron!;
}

/// <summary>A feed as the worker polls it: the configuration entry resolved and checked.</summary>
/// <param name="Name">Unique name; the key of the feed's state in the store.</param>
/// <param name="Url">An absolute http(s) or file URI.</param>
public sealed record FeedDefinition(
    string Name,
    Uri Url,
    FeedSchedule Schedule,
    bool Enabled,
    bool FetchArticles,
    TimeSpan FirstPollWindow)
{
    public bool IsLocalFile => Url.IsFile;

    /// <summary>Non-public networks this feed's links may reach (<c>AllowPrivateNetworks</c>); empty: public addresses only.</summary>
    public IReadOnlyList<System.Net.IPNetwork> AllowPrivateNetworks { get; init; } = [];
}
