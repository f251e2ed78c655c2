using FeedWatch.Analysis.Entities;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis.Meetings;

/// <summary>One statement about one meeting, found at one trigger (or at a denial that points back at the meeting under discussion).</summary>
internal sealed class MeetingMention
{
    public required List<Entity> Participants { get; init; }
    public required MeetingStatus Status { get; set; }
    public required string Reason { get; set; }
    public required Sentence Sentence { get; init; }
    public Speaker? Speaker { get; init; }
    public string? Where { get; init; }

    /// <summary>The place is only a country; a city or venue from another statement is preferred.</summary>
    public bool WhereIsCountry { get; init; }
    public string? Event { get; init; }
    public TimeExpression? When { get; init; }

    /// <summary>How many participants the sentence names itself (the rest come from the meeting under discussion).</summary>
    public int Named { get; init; }

    /// <summary>Token index of the trigger (-1 for a trigger-less denial).</summary>
    public int TriggerIndex { get; init; } = -1;
}
