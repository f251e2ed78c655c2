using FeedWatch.Analysis;

namespace FeedWatch.Stories;

/// <summary>
/// A story's current status from everything said about it. Each voice counts with what it said last: a party (a
/// country or organisation that speaks for itself: "Russia", "United States") or the reporting (the article's own
/// narration, the media, unnamed sources), which counts only when no party has spoken. A meeting reported as held
/// is held. A party saying it will or may happen while another says it will not is contested (the Kremlin says yes,
/// the White House says no). Otherwise the strongest word of the voices wins: cancelled, then denied, then planned,
/// then possible; so a rumour officially denied is denied, and a possible meeting that a side confirms is planned.
/// </summary>
public static class StoryStatusRules
{
    /// <summary>The voice of the reporting: narration, the media, unnamed sources.</summary>
    private const string Reporting = "";

    public static StoryStatus Decide(IEnumerable<StoryReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var latest = new Dictionary<string, (DateTimeOffset At, HashSet<MeetingStatus> Said)>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in reports.Where(r => r.DuplicateOf is null).OrderBy(r => r.ReportedUtc))
        {
            foreach (var (voice, status) in Statements(r.Meeting))
            {
                if (!latest.TryGetValue(voice, out var known) || r.ReportedUtc > known.At)
                {
                    known = (r.ReportedUtc, []);
                    latest[voice] = known;
                }
                if (r.ReportedUtc == known.At) known.Said.Add(status);
            }
        }
        if (latest.Count == 0) return StoryStatus.Possible;
        if (latest.Values.Any(v => v.Said.Contains(MeetingStatus.Held))) return StoryStatus.Held;

        var parties = latest.Where(kv => kv.Key != Reporting).ToList();
        var yes = parties.Where(kv => kv.Value.Said.Contains(MeetingStatus.Planned) || kv.Value.Said.Contains(MeetingStatus.Possible)).Select(kv => kv.Key).ToList();
        var no = parties.Where(kv => kv.Value.Said.Contains(MeetingStatus.Denied) || kv.Value.Said.Contains(MeetingStatus.Cancelled)).Select(kv => kv.Key).ToList();
        if (yes.Any(y => no.Any(n => !string.Equals(n, y, StringComparison.OrdinalIgnoreCase)))) return StoryStatus.Contested;

        var basis = parties.Count > 0 ? parties.SelectMany(kv => kv.Value.Said).ToHashSet() : latest[Reporting].Said;
        if (basis.Contains(MeetingStatus.Cancelled)) return StoryStatus.Cancelled;
        if (basis.Contains(MeetingStatus.Denied)) return StoryStatus.Denied;
        if (basis.Contains(MeetingStatus.Planned)) return StoryStatus.Planned;
        return StoryStatus.Possible;
    }

    /// <summary>The parties heard in the story, in the order they were first heard.</summary>
    public static List<string> Parties(IEnumerable<StoryReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var parties = new List<string>();
        foreach (var r in reports.Where(r => r.DuplicateOf is null).OrderBy(r => r.ReportedUtc))
        {
            foreach (var c in r.Meeting.Claims)
            {
                if (IsParty(c.Side) && !parties.Contains(c.Side!, StringComparer.OrdinalIgnoreCase)) parties.Add(c.Side!);
            }
        }
        return parties;
    }

    /// <summary>A side that speaks for itself: not the narration, the media or unnamed sources.</summary>
    public static bool IsParty(string? side) =>
        !string.IsNullOrWhiteSpace(side) && !side.Equals("media", StringComparison.OrdinalIgnoreCase) && !side.Equals("unnamed sources", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<(string Voice, MeetingStatus Status)> Statements(MeetingReport m) =>
        m.Claims.Count > 0
            ? m.Claims.Select(c => (IsParty(c.Side) ? c.Side!.Trim() : Reporting, c.Status))
            : m.Statuses.Select(s => (Reporting, s));
}
