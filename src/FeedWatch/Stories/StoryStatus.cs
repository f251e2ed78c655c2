using FeedWatch.Analysis;

namespace FeedWatch.Stories;

/// <summary>Where a story stands now, all its reports taken together.</summary>
public enum StoryStatus
{
    Planned,
    Possible,
    Denied,
    Cancelled,
    Held,
    /// <summary>The sides disagree: one says the meeting will (or may) happen, another that it will not.</summary>
    Contested,
}

/// <summary>Names of statuses as the digest, the database and the configuration write them.</summary>
public static class StatusNames
{
    public static string Of(StoryStatus s) => s.ToString().ToLowerInvariant();

    public static string Of(MeetingStatus s) => s.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out StoryStatus status) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(text, out _);

    public static StoryStatus ToStory(MeetingStatus s) => s switch
    {
        MeetingStatus.Planned => StoryStatus.Planned,
        MeetingStatus.Possible => StoryStatus.Possible,
        MeetingStatus.Denied => StoryStatus.Denied,
        MeetingStatus.Cancelled => StoryStatus.Cancelled,
        _ => StoryStatus.Held,
    };
}
