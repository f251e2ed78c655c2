using FeedWatch.Analysis;

namespace FeedWatch.Tests.Analysis;

/// <summary>Runs the analyser on sentences written for the tests, as an article published on a known day.</summary>
internal static class Analyse
{
    /// <summary>Monday 10 March 2025, 09:00 UTC: "on Friday" is 14 March, "next week" 17–23 March.</summary>
    public static readonly DateTimeOffset Monday = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public static AnalysisResult Body(string body, string title = "", DateTimeOffset? published = null) =>
        MeetingAnalyzer.Default.Analyze(Article.FromText(title, body, published ?? Monday));

    /// <summary>The one meeting the text reports; fails with what was found otherwise.</summary>
    public static MeetingReport OneMeeting(string body, string title = "", DateTimeOffset? published = null)
    {
        var result = Body(body, title, published);
        Assert.True(result.Meetings.Count == 1, $"expected one meeting in \"{body}\", found {result.Meetings.Count}: {Describe(result)}");
        return result.Meetings[0];
    }

    public static string Describe(AnalysisResult result) =>
        string.Join("; ", result.Meetings.Select(m =>
            $"[{string.Join(" + ", m.Participants)}] {string.Join("/", m.Statuses)} ({string.Join(", ", m.Claims.Select(c => c.Reason))})"));

    public static DateTimeOffset On(int year, int month, int day) => new(year, month, day, 12, 0, 0, TimeSpan.Zero);
}
