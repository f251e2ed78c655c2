namespace FeedWatch.Analysis;

/// <summary>
/// Counts the analyser's inner steps on the current thread (pattern steps, phrase lookups, mention
/// scans), so a test can check that the work grows linearly with the input without timing anything.
/// </summary>
internal static class WorkMeter
{
    [ThreadStatic]
    private static long t_steps;

    public static long Steps => t_steps;

    public static void Reset() => t_steps = 0;

    public static void Step() => t_steps++;

    public static void Add(int steps) => t_steps += steps;
}
