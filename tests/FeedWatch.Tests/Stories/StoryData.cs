using FeedWatch.Analysis;
using FeedWatch.Stories;

namespace FeedWatch.Tests.Stories;

/// <summary>Meeting reports and story reports written for the tests, in the style of wire reporting.</summary>
internal static class StoryData
{
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static Claim Said(MeetingStatus status, string? speaker, string? side, string sentence) => new(status, speaker, side, sentence, "test", default);

    public static MeetingReport Meeting(string[] who, string? where = null, DateRange? date = null, params Claim[] claims) =>
        new(who, [.. claims.Select(c => c.Status).Distinct()], where, null, null, date, claims, 0.9);

    private static int s_item;

    /// <summary>A report of its own article (own link, own text) unless told otherwise.</summary>
    public static StoryReport Report(MeetingReport meeting, DateTimeOffset at, string outlet = "Wire", string? link = null, string? text = null, long? item = null, int ordinal = 1)
    {
        var id = item ?? Interlocked.Increment(ref s_item) + 1000;
        text ??= $"Article {id}: " + string.Join(' ', meeting.Claims.Select(c => c.Sentence)) + $" Background paragraph number {id} on unrelated matters of trade and weather.";
        return new StoryReport(id, ordinal, outlet, "Headline " + id, link ?? $"https://news.example/{id}", "hash-" + id, at, meeting, TextFingerprint.Of(text));
    }

    public static readonly string[] PutinTrump = ["Vladimir Putin", "Donald Trump"];
    public static readonly string[] TrumpPutin = ["Donald Trump", "Vladimir Putin"];

    public static Claim KremlinYes => Said(MeetingStatus.Planned, "Dmitry Peskov", "Russia", "Kremlin spokesman Dmitry Peskov said the two presidents would meet on the sidelines of the summit.");
    public static Claim WhiteHouseNo => Said(MeetingStatus.Denied, "Karoline Leavitt", "United States", "White House press secretary Karoline Leavitt said there were no plans for a meeting with the Russian leader.");
    public static Claim Rumour => Said(MeetingStatus.Possible, "Kommersant", "unnamed sources", "The two leaders could meet next month, Kommersant reported, citing unnamed diplomatic sources.");
    public static Claim KremlinNothingYet => Said(MeetingStatus.Denied, "Dmitry Peskov", "Russia", "\"There is nothing concrete yet,\" Peskov told reporters when asked about a summit.");
    public static Claim KremlinCancels => Said(MeetingStatus.Cancelled, "Yuri Ushakov", "Russia", "Kremlin aide Yuri Ushakov said the meeting had been postponed indefinitely.");
    public static Claim TheyMet => Said(MeetingStatus.Held, null, null, "Putin and Trump met for two hours behind closed doors on Tuesday.");
}
