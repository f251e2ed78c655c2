using FeedWatch.Analysis.Entities;
using FeedWatch.Analysis.Knowledge;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis.Meetings;

/// <summary>Who takes part in the meeting a trigger reports, and how many of them the sentence names.</summary>
internal sealed record Participants(List<Entity> People, int Named, bool FromFocus, string? Blocked);

/// <summary>
/// Decides who meets at a trigger. In order: the leaders the clause names (not those who only speak
/// or are spoken to, nor a possessor like "Putin's spokesman"); pronouns ("he will meet"), first
/// persons inside a quote (the speaker); group references ("the two leaders", "they") to the meeting
/// under discussion; a counterpart ("his Russian counterpart"); the host country's leader for a visit.
/// A clause that names no leader, or only one, borrows the rest from the meeting under discussion,
/// unless it is about people who are not leaders (envoys, delegations, ministers of other things).
/// </summary>
internal sealed class ParticipantResolver(Lexicon lexicon)
{
    private readonly WordClass _groups = lexicon.Class("group-reference");
    private readonly WordClass _nonLeaderGroups = lexicon.Class("non-leader-group");
    private readonly WordClass _possessedNonMeeting = lexicon.Class("possessed-non-meeting");
    private readonly WordClass _offerHost = lexicon.Class("offer-host");
    private readonly WordClass _speech = lexicon.Class("speech");

    public Participants Resolve(SentenceContext s, Trigger t, Clause window, List<SpeechAct> speech, DiscourseState state, ArticleEntities entities)
    {
        var tokens = s.Tokens;
        var people = new List<Entity>();
        var named = 0;

        var speakerAct = SpeakerFor(speech, window, t);
        var speakerEntity = speakerAct?.Speaker.Entity;
        var quoted = s.Sentence.InQuote[t.Start];

        // 1. Leaders named in the clause.
        foreach (var m in s.LeadersIn(window.Start, window.End))
        {
            if (m.Entity is null) continue;
            if (m.IsCounterpart) continue;
            if (IsPossessorOfNonMeeting(s, m)) continue;
            if (!s.IsTitle && IsOnlyASpeakerOrAddressee(s, m, t, speech)) continue;
            if (Add(people, m.Entity)) named++;
        }

        // 2. Pronouns near the trigger: "he will meet", "meet him", "his visit"; "I"/"we" in a quote: the speaker.
        for (var k = Math.Max(window.Start, t.Start - 8); k < Math.Min(window.End, t.End + 6); k++)
        {
            var norm = tokens[k].Norm;
            if (norm is "he" or "him" or "his" or "she" or "her")
            {
                var e = ResolveThirdPerson(s, k, speech, state, people);
                if (e is not null && Add(people, e)) named++;
            }
            else if (norm is "i" or "me" or "my" or "we" or "us" or "our" && s.Sentence.InQuote[k])
            {
                var e = QuoteSpeaker(s, speech, state);
                if (e is { IsLeader: true } && Add(people, e)) named++;
            }
        }

        // 3. Counterparts: "his Russian counterpart" is the holder of the same office in that country.
        foreach (var m in s.Mentions)
        {
            if (!m.IsCounterpart || !window.Contains(m.Start) || m.Country is null) continue;
            var reference = people.FirstOrDefault(p => p.Country != m.Country.Name) ?? speakerEntity;
            var office = reference?.Office ?? Office.HeadOfState;
            var holder = entities.HolderOf(m.Country.Name, office, anyHead: office is Office.HeadOfState or Office.HeadOfGovernment);
            if (holder is not null && Add(people, holder)) named++;
        }

        // 4. Group references: "the two leaders", "they", "both presidents" -> the meeting under discussion.
        var fromFocus = false;
        for (var k = window.Start; k < window.End; k++)
        {
            var len = _groups.MatchAt(tokens, k, window.End);
            if (len == 0) continue;
            var phrase = s.Sentence.Slice(k, k + len);
            // "they", "their" close to the trigger only; "the two leaders" anywhere in the clause.
            if (len == 1 && Math.Abs(k - t.Start) > 6) continue;
            if (len == 1 && quoted != s.Sentence.InQuote[k]) continue;
            if (state.Focus.Count >= 2)
            {
                foreach (var e in state.Focus) Add(people, e);
                fromFocus = true;
            }
            _ = phrase;
            k += len - 1;
        }

        // 5. A visit: the host country's leader the article names.
        if (t.Kind == TriggerKind.Visit)
        {
            var visitor = people.Count > 0 ? people[0] : null;
            var destination = Destination(s, t, window);
            if (destination is not null && visitor is not null && visitor.Country != destination)
            {
                var host = HostIn(destination, visitor, entities);
                if (host is not null && Add(people, host)) named++;
            }
        }

        // 6. An offer to host: the host is not a participant ("Erdogan offered to host Putin and Zelensky").
        var offerer = OfferingHost(s, t, window);
        if (offerer is not null && people.Count > 2) people.Remove(offerer);

        // 7. Fill in from the meeting under discussion.
        var blocked = NonLeaderParticipants(s, t, window, speech);
        if (Sides(people) < 2 && blocked is null && state.Focus.Count >= 2)
        {
            if (people.Count == 0 || people.TrueForAll(p => state.Focus.Contains(p)))
            {
                foreach (var e in state.Focus) Add(people, e);
                fromFocus = true;
            }
        }
        return new Participants(people, named, fromFocus, blocked);
    }

    public static int Sides(List<Entity> people) => people.Select(p => p.Country ?? p.Name).Distinct(StringComparer.Ordinal).Count();

    private static bool Add(List<Entity> people, Entity e)
    {
        if (!e.IsLeader || people.Contains(e)) return false;
        people.Add(e);
        return true;
    }

    private static SpeechAct? SpeakerFor(List<SpeechAct> speech, Clause window, Trigger t)
    {
        SpeechAct? best = null;
        foreach (var a in speech)
        {
            if (best is null || Math.Abs(a.Verb - t.Start) < Math.Abs(best.Verb - t.Start)) best = a;
        }
        _ = window;
        return best;
    }

    /// <summary>"Putin's spokesman", "Trump's campaign": the possessor is not a participant.</summary>
    private bool IsPossessorOfNonMeeting(SentenceContext s, Mention m)
    {
        if (!m.IsPossessive) return false;
        var tokens = s.Tokens;
        for (var k = m.End + 1; k < tokens.Length && k <= m.End + 4; k++)
        {
            if (s.TriggerLength[k] > 0) return false;
            if (_possessedNonMeeting.Contains(tokens[k].Norm)) return true;
            if (!tokens[k].IsWord) return false;
        }
        return false;
    }

    /// <summary>
    /// A leader who only speaks ("Trump said Putin and Zelensky would meet") or is spoken to ("Erdogan told
    /// Putin that ...") is not a participant, unless the reported words point back at them ("Putin said he
    /// was ready to meet").
    /// </summary>
    private static bool IsOnlyASpeakerOrAddressee(SentenceContext s, Mention m, Trigger t, List<SpeechAct> speech)
    {
        var tokens = s.Tokens;
        foreach (var act in speech)
        {
            var isSubject = act.Speaker.Entity == m.Entity && (m.End <= act.Verb && act.Verb - m.End <= 6 || m.Start >= act.VerbEnd && m.Start - act.VerbEnd <= 4);
            var isAddressee = m.Start == act.VerbEnd && tokens[act.Verb].Norm is "told" or "tells" or "telling" or "assured" or "informed" or "urged" or "asked";
            if (!isSubject && !isAddressee) continue;
            // Same side of the speech verb as the trigger and close to it: part of the reported event after all.
            var triggerAfter = t.Start >= act.VerbEnd;
            var mentionAfter = m.Start >= act.VerbEnd;
            if (isSubject && triggerAfter == mentionAfter && !s.Sentence.InQuote[t.Start]) continue;
            if (isAddressee && !triggerAfter) continue;
            if (isSubject && PronounPointsBack(s, act, t)) return false;
            return true;
        }
        return false;
    }

    private static bool PronounPointsBack(SentenceContext s, SpeechAct act, Trigger t)
    {
        var tokens = s.Tokens;
        var from = t.Start >= act.VerbEnd ? act.VerbEnd : Math.Max(0, t.Start - 10);
        var to = t.Start >= act.VerbEnd ? Math.Min(tokens.Length, t.End + 6) : act.Verb;
        for (var k = from; k < to; k++)
        {
            var norm = tokens[k].Norm;
            if (norm is "he" or "she" or "his" or "him" or "her") return true;
            if (norm is "i" or "me" or "my" or "we" or "us" or "our" or "i'll" or "we'll" or "i'm" or "we're" or "i've" or "we've" && s.Sentence.InQuote[k]) return true;
        }
        return false;
    }

    private static Entity? ResolveThirdPerson(SentenceContext s, int k, List<SpeechAct> speech, DiscourseState state, List<Entity> present)
    {
        // After a speech verb whose speaker is a leader: the speaker ("Putin said he was ready").
        foreach (var act in speech)
        {
            if (k >= act.VerbEnd && act.Speaker.Entity is { IsLeader: true } e && !s.Sentence.InQuote[k]) return e;
        }
        // Otherwise the nearest leader named before it in the sentence, or the last one before this sentence.
        for (var j = k - 1; j >= 0; j--)
        {
            if (s.MentionAt[j] is { Entity: { IsLeader: true } e } m && m.ActsAsLeader && !(s.Tokens[k].Norm is "him" or "her" && present.Count == 1 && present[0] == e))
            {
                return e;
            }
        }
        return state.LastLeader is { } last && !present.Contains(last) || present.Count == 0 ? state.LastLeader : null;
    }

    private static Entity? QuoteSpeaker(SentenceContext s, List<SpeechAct> speech, DiscourseState state)
    {
        foreach (var act in speech)
        {
            if (act.Speaker.Entity is { } e) return e;
        }
        return state.QuoteSpeaker?.Entity;
    }

    private static string? Destination(SentenceContext s, Trigger t, Clause window)
    {
        var tokens = s.Tokens;
        for (var k = t.End; k < window.End && k - t.End < 8; k++)
        {
            if (s.MentionAt[k] is { Kind: MentionKind.Country, Country: { } c }) return c.Name;
            if (s.MentionAt[k] is { Kind: MentionKind.Place, Place.Country: { } pc }) return pc;
            if (tokens[k].Norm is "." or ";" or "by" or "with") break;
        }
        return null;
    }

    private static Entity? HostIn(string country, Entity visitor, ArticleEntities entities)
    {
        var candidates = entities.Entities.Where(e => e.IsLeader && e.Country == country).ToList();
        if (candidates.Count == 0) return null;
        return candidates.FirstOrDefault(e => e.Office == visitor.Office)
            ?? candidates.FirstOrDefault(e => e.Office is Office.HeadOfState or Office.HeadOfGovernment)
            ?? candidates[0];
    }

    private Entity? OfferingHost(SentenceContext s, Trigger t, Clause window)
    {
        var tokens = s.Tokens;
        for (var k = window.Start; k < t.Start; k++)
        {
            var len = _offerHost.MatchAt(tokens, k, window.End);
            if (len == 0) continue;
            // The offerer is the leader named before the offer.
            for (var j = k - 1; j >= window.Start; j--)
            {
                if (s.MentionAt[j] is { Entity: { IsLeader: true } e }) return e;
            }
        }
        return null;
    }

    /// <summary>The people who meet are named and are not leaders: "the ambassadors are due to meet", "Witkoff will meet Dmitriev".</summary>
    private string? NonLeaderParticipants(SentenceContext s, Trigger t, Clause window, List<SpeechAct> speech)
    {
        var tokens = s.Tokens;
        // Words of a non-leader group right before the trigger or right after with/between/of.
        for (var k = Math.Max(window.Start, t.Start - 4); k < t.Start; k++)
        {
            var len = _nonLeaderGroups.MatchAt(tokens, k, t.Start);
            if (len > 0 && !IsPartOfLeaderTitle(s, k)) return s.Sentence.Slice(k, k + len);
        }
        for (var k = t.End; k < Math.Min(window.End, t.End + 6); k++)
        {
            var norm = tokens[k].Norm;
            if (norm is not ("with" or "between" or "of" or "by" or "among")) continue;
            for (var j = k + 1; j < Math.Min(window.End, k + 5); j++)
            {
                if (s.MentionAt[j] is { } m && (m.ActsAsLeader || m.Kind is MentionKind.Role)) return null;
                var len = _nonLeaderGroups.MatchAt(tokens, j, window.End);
                if (len > 0) return s.Sentence.Slice(j, j + len);
            }
            break;
        }
        // A named person who is not a leader and not merely speaking, next to the trigger.
        foreach (var m in s.Mentions)
        {
            if (m.Kind is not (MentionKind.Person or MentionKind.ShortName) || m.ActsAsLeader || m.Entity is { IsLeader: true } && m.TitleKind is null) continue;
            if (!window.Contains(m.Start) || Math.Abs(m.Start - t.Start) > 8) continue;
            if (speech.Exists(a => m.End <= a.Verb && a.Verb - m.End <= 4 || m.Start >= a.VerbEnd && m.Start - a.VerbEnd <= 3)) continue;
            if (m.IsPossessive) continue;
            return m.Text;
        }
        return null;
    }

    private static bool IsPartOfLeaderTitle(SentenceContext s, int k) =>
        s.Tokens[k].Norm is "foreign" or "ministers" && k + 1 < s.Tokens.Length && s.Tokens[k + 1].Norm is "minister" or "ministers"
        || s.Tokens[k].Norm == "ministers" && k > 0 && s.Tokens[k - 1].Norm == "foreign";

    internal bool IsSpeechWord(string norm) => _speech.Contains(norm);
}
