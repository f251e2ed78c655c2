using FeedWatch.Analysis;

namespace FeedWatch.Stories;

/// <summary>One meeting report of one item, as a story holds it.</summary>
/// <param name="ItemId">The item (article) it comes from.</param>
/// <param name="Ordinal">The meeting's place in the item's analysis, from 1.</param>
/// <param name="Outlet">The feed's title, else its name.</param>
/// <param name="ReportedUtc">When the item was published, else when it was first seen.</param>
/// <param name="Fingerprint">The item's text fingerprint, for syndicated copies.</param>
/// <param name="DuplicateOf">The item this one repeats (the same article through another feed, a syndicated copy): counted once.</param>
/// <param name="AnnouncedDigestId">The digest that first showed this report; null: not yet shown.</param>
public sealed record StoryReport(
    long ItemId,
    int Ordinal,
    string Outlet,
    string ItemTitle,
    string? Link,
    string ContentHash,
    DateTimeOffset ReportedUtc,
    MeetingReport Meeting,
    TextFingerprint? Fingerprint,
    long? DuplicateOf = null,
    long? AnnouncedDigestId = null)
{
    public bool IsNew => AnnouncedDigestId is null;

    /// <summary>The days this report speaks of: from its publication through the meeting's date, when it gives one.</summary>
    public (DateOnly Start, DateOnly End) Span
    {
        get
        {
            var day = DateOnly.FromDateTime(ReportedUtc.UtcDateTime);
            if (Meeting.Date is not { } d) return (day, day);
            return (d.Start < day ? d.Start : day, d.End > day ? d.End : day);
        }
    }
}

/// <summary>
/// Reports of one meeting from different articles and outlets: the same leaders, a compatible place, days close
/// together. Its status, place and time come from its reports; what was last announced in a digest is kept, so the
/// next digest can say what changed.
/// </summary>
public sealed class Story
{
    public Story(string key, IReadOnlyList<string> participants, DateTimeOffset createdUtc)
    {
        Key = key;
        Participants = participants;
        CreatedUtc = createdUtc;
        UpdatedUtc = createdUtc;
    }

    /// <summary>0 until stored.</summary>
    public long Id { get; set; }

    /// <summary>The participants folded and sorted: the first test of "the same meeting".</summary>
    public string Key { get; }

    public IReadOnlyList<string> Participants { get; }

    public List<StoryReport> Reports { get; } = [];

    public StoryStatus Status { get; private set; } = StoryStatus.Possible;

    /// <summary>The parties heard (countries, organisations), in the order first heard.</summary>
    public IReadOnlyList<string> Parties { get; private set; } = [];

    public string? Where { get; private set; }

    public string? Event { get; private set; }

    public string? When { get; private set; }

    public DateRange? Date { get; private set; }

    public DateOnly SpanStart { get; private set; } = DateOnly.MaxValue;

    public DateOnly SpanEnd { get; private set; } = DateOnly.MinValue;

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset UpdatedUtc { get; set; }

    /// <summary>What the last digest that showed the story said: null status when no digest has shown it.</summary>
    public StoryStatus? AnnouncedStatus { get; set; }

    public IReadOnlyList<string> AnnouncedParties { get; set; } = [];

    public long? AnnouncedDigestId { get; set; }

    /// <summary>Changed since loaded: to be written.</summary>
    public bool Dirty { get; set; }

    public IEnumerable<StoryReport> Originals => Reports.Where(r => r.DuplicateOf is null);

    public static string KeyOf(IEnumerable<string> participants) =>
        string.Join('|', participants.Select(WorldKnowledge.Fold).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>Status, parties, place, time and span afresh from the reports (the latest report that gives a value wins).</summary>
    public void Recompute()
    {
        var ordered = Originals.OrderBy(r => r.ReportedUtc).ThenBy(r => r.ItemId).ToList();
        Status = StoryStatusRules.Decide(ordered);
        Parties = StoryStatusRules.Parties(ordered);
        Where = ordered.LastOrDefault(r => r.Meeting.Where is not null)?.Meeting.Where;
        Event = ordered.LastOrDefault(r => r.Meeting.Event is not null)?.Meeting.Event;
        var timed = ordered.LastOrDefault(r => r.Meeting.When is not null || r.Meeting.Date is not null);
        When = timed?.Meeting.When;
        Date = timed?.Meeting.Date;
        SpanStart = DateOnly.MaxValue;
        SpanEnd = DateOnly.MinValue;
        foreach (var r in Reports)
        {
            var (start, end) = r.Span;
            if (start < SpanStart) SpanStart = start;
            if (end > SpanEnd) SpanEnd = end;
        }
        Dirty = true;
    }

    /// <summary>What changed since the last digest that showed the story; null when nothing worth a line did.</summary>
    public StoryChange? ChangeSinceAnnounced()
    {
        if (AnnouncedStatus is null) return new StoryChange(true, null, Parties);
        var newParties = Parties.Where(p => !AnnouncedParties.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        var previous = AnnouncedStatus != Status ? AnnouncedStatus : null;
        return previous is null && newParties.Count == 0 ? null : new StoryChange(false, previous, newParties);
    }
}

/// <summary>What is new about a story since the last digest that showed it.</summary>
/// <param name="IsNew">No digest has shown the story.</param>
/// <param name="PreviousStatus">The status the last digest showed, when it changed since.</param>
/// <param name="NewParties">Parties heard for the first time since (every party, for a new story).</param>
public sealed record StoryChange(bool IsNew, StoryStatus? PreviousStatus, IReadOnlyList<string> NewParties);
