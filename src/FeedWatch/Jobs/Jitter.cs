namespace FeedWatch.Jobs;

/// <summary>
/// A feed's fixed offset within the jitter window, from a hash of its name: feeds spread evenly over the window,
/// and a feed keeps its slot across restarts and reschedules.
/// </summary>
public static class Jitter
{
    public static TimeSpan Offset(string feedName, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(feedName);
        if (window <= TimeSpan.Zero) return TimeSpan.Zero;
        // FNV-1a over the upper-cased name: stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var ch in feedName.ToUpperInvariant())
        {
            hash ^= ch;
            hash *= 1099511628211UL;
        }
        return TimeSpan.FromTicks((long)(hash % (ulong)window.Ticks));
    }
}
