using System.Collections.Frozen;
using FeedWatch.Analysis;

namespace FeedWatch.Stories;

/// <summary>
/// Decides which story a report belongs to, in memory (the tracker loads and stores). A report joins a story of the
/// same leaders whose days come within the match window of its own, at a place not known to differ, and never a
/// story that already holds another meeting of the same article (the analyser told those apart). A report that is a
/// copy of one already in the story (same link, same text, or a syndicated text nearly the same) is kept as a
/// duplicate: it counts once. A report of a meeting held, with no story to join, is background and starts none.
/// </summary>
public sealed class StoryFolder
{
    // Words that say what kind of gathering it is, not where: "the G20 summit" and "the APEC summit" share "summit".
    private static readonly FrozenSet<string> GenericWords = new[]
    {
        "the", "and", "for", "sidelines", "summit", "summits", "meeting", "meetings", "talks", "conference", "forum",
        "economic", "cooperation", "visit", "state", "city", "during", "between", "annual", "international", "world", "leaders", "celebrations",
        "ceremony", "session", "this", "next", "week", "year", "early", "late",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly int _windowDays;
    private readonly double _duplicateSimilarity;

    public StoryFolder(TimeSpan matchWindow, double duplicateSimilarity)
    {
        _windowDays = (int)Math.Ceiling(matchWindow.TotalDays);
        _duplicateSimilarity = duplicateSimilarity;
    }

    /// <summary>
    /// Puts <paramref name="report"/> into one of <paramref name="sameLeaders"/> (the stories with its participants'
    /// key), or into a new story added to that list. <paramref name="preferred"/> names stories the report's item was
    /// in before it was analysed again: one of the same leaders is joined again, so its story keeps its identity.
    /// </summary>
    /// <returns>The story it joined or started; null when it is background.</returns>
    public Story? Fold(List<Story> sameLeaders, StoryReport report, DateTimeOffset now, IReadOnlyCollection<long>? preferred = null)
    {
        ArgumentNullException.ThrowIfNull(sameLeaders);
        ArgumentNullException.ThrowIfNull(report);
        Story? target = null;
        if (preferred is { Count: > 0 }) target = sameLeaders.FirstOrDefault(s => preferred.Contains(s.Id) && !HasItem(s, report.ItemId));
        target ??= sameLeaders.Where(s => Compatible(s, report)).OrderByDescending(s => s.SpanEnd).ThenByDescending(s => s.Id).FirstOrDefault();
        if (target is null)
        {
            if (report.Meeting.Statuses.All(s => s == MeetingStatus.Held)) return null;
            target = new Story(Story.KeyOf(report.Meeting.Participants), report.Meeting.Participants, now);
            sameLeaders.Add(target);
        }
        var copyOf = target.Originals.FirstOrDefault(o => IsCopy(o, report));
        target.Reports.Add(copyOf is null ? report : report with { DuplicateOf = copyOf.ItemId });
        target.UpdatedUtc = now;
        target.Recompute();
        return target;
    }

    public bool Compatible(Story story, StoryReport report)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(report);
        if (HasItem(story, report.ItemId)) return false;
        var (start, end) = report.Span;
        if (start.DayNumber > story.SpanEnd.DayNumber + _windowDays || end.DayNumber < story.SpanStart.DayNumber - _windowDays) return false;
        return PlacesCompatible(story.Originals.SelectMany(r => Places(r.Meeting)).ToList(), [.. Places(report.Meeting)]);
    }

    /// <summary>
    /// Places are compatible unless known to differ: when both sides name places, they must share a word that names
    /// a place ("Asia-Pacific Economic Cooperation summit in Beijing" and "Asia-Pacific Economic Cooperation summit")
    /// or a country ("Beijing" and "China"); a side with no place, or whose places have no known country, cannot tell.
    /// </summary>
    public static bool PlacesCompatible(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0) return true;
        var wordsA = a.SelectMany(SignificantWords).ToHashSet(StringComparer.Ordinal);
        if (b.SelectMany(SignificantWords).Any(wordsA.Contains)) return true;
        var countriesA = a.Select(WorldKnowledge.CountryOfPlace).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var countriesB = b.Select(WorldKnowledge.CountryOfPlace).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (countriesA.Count == 0 || countriesB.Count == 0) return true;
        return countriesA.Overlaps(countriesB);
    }

    private bool IsCopy(StoryReport earlier, StoryReport report) =>
        earlier.ItemId != report.ItemId &&
        ((earlier.Link is not null && string.Equals(earlier.Link, report.Link, StringComparison.Ordinal))
         || string.Equals(earlier.ContentHash, report.ContentHash, StringComparison.Ordinal)
         || (earlier.Fingerprint is { } a && report.Fingerprint is { } b && a.Similarity(b) >= _duplicateSimilarity));

    private static bool HasItem(Story story, long itemId) => story.Reports.Any(r => r.ItemId == itemId);

    private static IEnumerable<string> Places(MeetingReport m)
    {
        if (!string.IsNullOrWhiteSpace(m.Where)) yield return m.Where;
        if (!string.IsNullOrWhiteSpace(m.Event)) yield return m.Event;
    }

    private static IEnumerable<string> SignificantWords(string place) =>
        place.Split([' ', ',', ';', '.', '(', ')', '\'', '’'], StringSplitOptions.RemoveEmptyEntries)
            .Select(WorldKnowledge.Fold)
            .Where(w => w.Length >= 3 && !GenericWords.Contains(w));
}
