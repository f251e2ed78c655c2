using FeedWatch.Analysis.Entities;
using FeedWatch.Analysis.Knowledge;

namespace FeedWatch.Analysis.Meetings;

/// <summary>
/// Where a meeting is: the place named nearest its trigger ("in Helsinki", "to Moscow", "at the Elysee
/// Palace") and the event it is part of ("the APEC summit", "the G20 summit in Hamburg",
/// "the sidelines of an ASEAN meeting").
/// </summary>
internal sealed class WhereFinder(Lexicon lexicon)
{
    private readonly WordClass _events = lexicon.Class("event-name");
    private readonly WordClass _gatherings = lexicon.Class("gathering");
    private readonly WordClass _fillers = lexicon.Class("event-filler");

    public (string? Where, string? Event) Find(SentenceContext s, int triggerStart, int triggerEnd, Clause window) =>
        Find(s, triggerStart, triggerEnd, window, out _);

    /// <summary>The place and event; <paramref name="isCountry"/> says the place is only a country (a city is more precise).</summary>
    public (string? Where, string? Event) Find(SentenceContext s, int triggerStart, int triggerEnd, Clause window, out bool isCountry)
    {
        var tokens = s.Tokens;
        string? where = null;
        isCountry = false;
        var bestDistance = int.MaxValue;
        foreach (var m in s.Mentions)
        {
            if (!window.Contains(m.Start)) continue;
            var isPlace = m.Kind == MentionKind.Place && m.Place is not null;
            var countryHere = m.Kind == MentionKind.Country && m.Start > 0 && tokens[m.Start - 1].Norm is "in" or "to" or "visit" or "visits" or "visiting" or "at";
            // A seat of power is a side ("the White House said") unless the meeting is at it: "at the White House".
            var before = m.Start - 1;
            if (before > 0 && tokens[before].Norm == "the") before--;
            var seatHere = m.Kind == MentionKind.Seat && before >= 0 && tokens[before].Norm is "at" or "to" && !m.Text.Contains("Ministry", StringComparison.OrdinalIgnoreCase)
                && !m.Text.Contains("Department", StringComparison.OrdinalIgnoreCase);
            if (seatHere)
            {
                var d0 = m.Start >= triggerEnd ? m.Start - triggerEnd : triggerStart - m.End + 2;
                if (d0 < bestDistance) { bestDistance = d0; where = m.Text; isCountry = false; }
                continue;
            }
            if (!isPlace && !countryHere) continue;
            // Only a place the meeting is at or goes to: "in Helsinki", "to Moscow", "the Hungarian capital Budapest".
            // A capital used as a side ("Moscow and Washington are discussing") is not a place of meeting.
            if (m.Start == 0 || !IsLocative(tokens, m.Start - 1)) continue;
            var d = m.Start >= triggerEnd ? m.Start - triggerEnd : triggerStart - m.End + 2;
            if (d < bestDistance)
            {
                bestDistance = d;
                where = isPlace ? m.Text : m.Country!.Name;
                isCountry = !isPlace;
            }
        }
        return (where, FindEvent(s, window));
    }

    private static bool IsLocative(Text.Token[] tokens, int k)
    {
        var norm = tokens[k].Norm;
        if (norm is "in" or "to" or "at" or "visit" or "visits" or "visiting" or "near" or "capital" or "city" or "resort" or "town") return true;
        // "the city of Hamburg", "in the German city of Hamburg"
        return norm == "of" && k > 0 && tokens[k - 1].Norm is "city" or "capital" or "town" or "resort" or "port";
    }

    /// <summary>The first multilateral event the tokens name ("the APEC summit in Beijing").</summary>
    public string? FindEvent(SentenceContext s, Clause window)
    {
        var tokens = s.Tokens;
        for (var k = window.Start; k < window.End; k++)
        {
            var len = _events.MatchAt(tokens, k, window.End);
            if (len == 0) continue;
            var start = k;
            var end = k + len;
            // Carry on over fillers to the gathering word: "SCO Heads of State Council meeting".
            var j = end;
            while (j < window.End && j - end < 5 && (_fillers.Contains(tokens[j].Norm) && !_gatherings.Contains(tokens[j].Norm) || tokens[j].Kind == Text.TokenKind.Number)) j++;
            var g = _gatherings.MatchAt(tokens, j, window.End);
            if (g == 0) continue;
            end = j + g;
            // "in Hamburg", "in Beijing" after the event.
            if (end + 1 < window.End && tokens[end].Norm == "in" && s.MentionAt[end + 1] is { Kind: MentionKind.Place or MentionKind.Country } place)
            {
                end = place.End;
            }
            return s.Sentence.Slice(start, end);
        }
        return null;
    }
}
