using FeedWatch.Analysis.Entities;

namespace FeedWatch.Analysis.Meetings;

/// <summary>
/// What the article is talking about so far: the meeting under discussion (its participants), the last
/// leader named, and the last speaker of a quote. Updated sentence by sentence, in reading order.
/// </summary>
internal sealed class DiscourseState
{
    /// <summary>The participants of the meeting under discussion ("the two leaders", "such a meeting").</summary>
    public List<Entity> Focus { get; private set; } = [];

    public Entity? LastLeader { get; set; }

    /// <summary>
    /// The sentence where a meeting of others (officials, ministers unnamed) was last mentioned: right after
    /// it, "the meeting" means that one, not the leaders' meeting under discussion.
    /// </summary>
    public int FocusBlockedAt { get; set; } = int.MinValue;

    /// <summary>Leaders in the order the article named them (most recent last), for "the two ministers".</summary>
    public List<Entity> Recent { get; } = [];

    /// <summary>The leader a recent sentence began with (its likely subject): what a later "he" most often means.</summary>
    public Entity? LastSubject { get; set; }

    /// <summary>The speaker of the paragraph's last attributed sentence: a quote without attribution continues it.</summary>
    public Speaker? QuoteSpeaker { get; set; }

    public Speaker? LastSpeaker { get; set; }

    public int Paragraph { get; set; } = int.MinValue;

    /// <summary>True when the focus is a meeting the article reported, not just two leaders named together.</summary>
    public bool FocusIsMeeting { get; private set; }

    public void SetFocus(IEnumerable<Entity> people, bool meeting = true)
    {
        var list = people.Distinct().ToList();
        if (list.Count < 2) return;
        Focus = list;
        FocusIsMeeting = meeting;
    }
}
