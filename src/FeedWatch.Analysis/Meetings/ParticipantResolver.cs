using FeedWatch.Analysis.Entities;
using FeedWatch.Analysis.Knowledge;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis.Meetings;

/// <summary>Who takes part in the meeting a trigger reports, and how many of them the sentence names.</summary>
internal sealed record Participants(List<Entity> People, int Named, bool FromFocus, string? Blocked)
{
    /// <summary>Separate meetings a visit to several countries makes ("trips to Turkey and Cyprus"), when it names more than one.</summary>
    public List<List<Entity>> Groups { get; init; } = [];

    /// <summary>The participants that are the trigger's subject ("Modi" in "Modi held bilateral meetings with Putin and Xi").</summary>
    public List<Entity> Subjects { get; init; } = [];
}

/// <summary>
/// Decides who meets at a trigger. A leader takes part when the sentence ties them to the trigger:
/// as its subject ("Lavrov is likely to meet", "Putin and Trump will hold a summit", "Putin's visit"),
/// as its object ("meet Putin", "talks with Lavrov", "a meeting between Putin and Trump"), or through a
/// pronoun, a group ("the two leaders", "they"), a counterpart ("his Russian counterpart") or a visit's
/// host country. A leader elsewhere in the clause (who only speaks, is spoken to, or does something
/// else) is not a participant. A bare reference ("such a meeting", "the talks") with fewer than two
/// sides borrows the rest from the meeting under discussion, unless it is about people who are not
/// leaders (envoys, delegations, ministers of other things) or about a topic ("peace talks").
/// </summary>
internal sealed class ParticipantResolver(Lexicon lexicon)
{
    // Words that may stand between a subject and its verb: auxiliaries, negations, adverbs, times.
    private static readonly HashSet<string> SubjectGap = new(StringComparer.Ordinal)
    {
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "shall", "should", "could",
        "can", "may", "might", "must", "'ll", "'re", "'s", "'d", "do", "does", "did", "not", "n't", "never", "also", "still",
        "already", "reportedly", "now", "then", "finally", "even", "possibly", "probably", "just", "again", "soon", "later",
        "earlier", "first", "personally", "formally", "officially", "briefly", "jointly", "both", "together", "each", "all",
        "to", "on", "in", "at", "this", "last", "next", "early", "late", "previously", "recently", "once", "yet", "too",
        "ever", "actually", "indeed", "due", "set", "expected", "likely", "unlikely", "scheduled", "slated", "poised",
        "planning", "hoping", "going", "wo", "ca", "informally", "directly", "separately", "themselves", "himself", "herself",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "afternoon", "evening",
        "week", "month", "year", "today", "tomorrow", "yesterday", "tonight", ",", "\"", "-", "who", "which",
        // Light verbs between a leader and the meeting noun: "expects to participate in a summit", "will pay a visit".
        "hold", "holds", "holding", "attend", "attends", "attending", "participate", "participates", "participating", "take",
        "takes", "part", "join", "joins", "pay", "pays", "paying", "make", "makes", "making", "expect", "expects", "a", "an",
        "the", "for", "their", "his", "her", "its", "agree", "agrees", "agreed", "plan", "plans", "want", "wants", "hope",
        "hopes", "intend", "intends", "seek", "seeks", "ready", "open", "willing", "prepared", "eager", "keen", "supposed",
        "meant", "about", "able", "left", "right", "center", "centre", "pictured", "hinted", "hints", "hint", "at",
        "considering", "mulling", "weighing", "decided", "decides", "threatened", "threatening", "vowed", "vows",
        "refused", "refuses", "declined", "declines",
    };

    // Words that may stand between a trigger and its object: "meet with Russian President Putin", "talks between the two".
    private static readonly HashSet<string> ObjectGap = new(StringComparer.Ordinal)
    {
        "with", "between", "and", ",", "to", "by", "the", "a", "an", "his", "her", "their", "its", "both", "fellow",
        "counterpart", "counterparts", "of", "face-to-face", "formally", "informally", "personally", "directly",
        "bilaterally", "again", "separately", "in", "person", "for", "&", "as", "well", "later", "soon", "each", "other",
        "together", "also", "first", "once", "jointly", "briefly", "finally", "him", "her", "them", "'s",
    };

    // Topics that make "talks" a matter of negotiation between delegations, not a meeting under discussion.
    private static readonly HashSet<string> Topics = new(StringComparer.Ordinal)
    {
        "peace", "trade", "nuclear", "ceasefire", "cease-fire", "security", "arms", "border", "climate", "technical",
        "delegation", "delegations", "ministerial", "working", "expert", "economic", "business", "investment", "energy",
        "gas", "oil", "military", "defense", "defence", "intergovernmental", "strategic", "consular", "coalition",
        "budget", "tariff", "tax", "prisoner", "hostage", "exchange", "level", "round", "rounds", "minister-level",
        "working-level", "ministerial-level", "envoy", "envoys", "negotiators", "staff", "officials", "indirect",
        "proximity", "multilateral", "international", "regional", "global", "world", "online", "virtual", "phone",
    };

    // Cue verbs whose subject takes part in the meeting: "Saudi Arabia has invited Raisi to visit".
    private static readonly HashSet<string> ParticipationVerbs = new(StringComparer.Ordinal)
    {
        "invite", "invites", "invited", "inviting", "invitation", "propose", "proposes", "proposed", "proposing", "offer",
        "offers", "offered", "offering", "agreed", "agree", "agrees", "plans", "planned", "planning", "wants", "wanted",
        "hopes", "hoped", "seeks", "sought", "expects", "expected", "ready", "open", "willing", "intends", "intended",
    };

    // Cue verbs whose subject only reports on the meeting.
    private static readonly HashSet<string> ReportingVerbs = new(StringComparer.Ordinal)
    {
        "deny", "denies", "denied", "denying", "confirm", "confirms", "confirmed", "confirming", "announce", "announces",
        "announced", "announcing", "refute", "refutes", "refuted", "dismiss", "dismisses", "dismissed",
        "reported", "reports", "said", "says", "told", "unveiled", "rule", "rules", "ruled", "ruling", "welcomed", "welcomes",
    };

    private static readonly HashSet<string> Determiners = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "such", "this", "that", "any", "another", "their", "no", "his", "her", "its", "'s", "these",
        "those", "first", "second", "next", "possible", "potential", "planned", "proposed", "expected",
    };

    private readonly WordClass _groups = lexicon.Class("group-reference");
    private readonly WordClass _nonLeaderGroups = lexicon.Class("non-leader-group");
    private readonly WordClass _offerHost = lexicon.Class("offer-host");
    private readonly WordClass _possessedNonMeeting = lexicon.Class("possessed-non-meeting");
    private readonly WordClass _speech = lexicon.Class("speech");

    public Participants Resolve(SentenceContext s, Trigger t, Clause window, int anchorStart, List<SpeechAct> speech, DiscourseState state, ArticleEntities entities)
    {
        var tokens = s.Tokens;
        var people = new List<Entity>();
        var subjects = new List<Entity>();
        var named = 0;
        var anchor = anchorStart >= 0 && anchorStart < t.Start ? anchorStart : t.Start;

        // 1. Leaders tied to the trigger: subject before it, object after it (headlines: anywhere).
        var others = OtherTriggersArguments(s, t, window);
        foreach (var m in s.LeadersIn(window.Start, window.End))
        {
            if (m.Entity is null || m.IsCounterpart) continue;
            if (others.Exists(span => m.Start >= span.Start && m.Start < span.End)) continue;
            // "Putin envoy talks to Netanyahu", "Putin's spokesman said": the leader owns someone else here.
            if (OwnsNonParticipant(s, m)) continue;
            // The subject of "denied", "confirmed", "announced" speaks about the meeting; it is not in it.
            if (m.End <= anchor && anchor < t.Start && ReportingVerbs.Contains(tokens[anchor].Norm)) continue;
            // Between a cue and its trigger a leader is the cue's object: "invited Iranian President Raisi to visit".
            var tied = IsHeadline(s) && s.Tokens.Length <= 16 || (m.End <= anchor ? IsSubject(s, m, anchor) : m.Start >= t.End ? IsObject(s, t, m) : m.Start >= anchor && anchor < t.Start || IsInside(s, m, t));
            if (!tied) continue;
            if (Add(people, m.Entity))
            {
                named++;
                if (m.End <= anchor) subjects.Add(m.Entity);
            }
        }

        // A participle takes its clause's subject: "He made these comments while hosting Kallas in Kyiv".
        if (t.Form == TriggerForm.Ing && t.Start > 0 && tokens[t.Start - 1].Norm is "while" or "when" or "after" or "before" or "by")
        {
            for (var k = 0; k < Math.Min(4, t.Start); k++)
            {
                if (s.MentionAt[k] is { ActsAsLeader: true, Entity: { } e }) { if (Add(people, e)) { named++; subjects.Add(e); } break; }
                if (tokens[k].Norm is "he" or "she" && ResolveThirdPerson(s, k, speech, state, people) is { } p) { if (Add(people, p)) { named++; subjects.Add(p); } break; }
            }
        }

        // 2. Pronouns tied the same way: "he will meet", "meet him", "his visit"; "I"/"we" inside a quote: its speaker.
        for (var k = Math.Max(window.Start, anchor - 8); k < Math.Min(window.End, t.End + 6); k++)
        {
            var norm = tokens[k].Norm;
            var tied = norm is "his" or "her" && k < t.Start && PossessesTrigger(s, k, t)
                || (k < anchor ? GapOnly(s, k + 1, anchor, SubjectGap) : k >= t.End && GapOnly(s, t.End, k, ObjectGap));
            if (!tied) continue;
            if (norm is "he" or "him" or "his" or "she" or "her" || norm == "leader" && k < anchor && s.MentionAt[k] is null && DefiniteDescription(s, k))
            {
                var e = ResolveThirdPerson(s, k, speech, state, people);
                if (e is not null && Add(people, e)) named++;
            }
            else if (norm is "i" or "me" or "my" or "we" or "us" or "our" or "i'll" or "we'll" or "i'm" or "we're" or "i've" or "we've" or "i'd" or "we'd" && s.Sentence.InQuote[k])
            {
                var e = QuoteSpeaker(s, speech, state);
                if (e is { IsLeader: true } && Add(people, e)) named++;
            }
        }

        // A country as the subject of the cue stands for its leader: "Saudi Arabia has invited Raisi to visit".
        foreach (var m in s.Mentions)
        {
            WorkMeter.Step();
            if (m.Kind is not (MentionKind.Country or MentionKind.Seat) || m.Country is null || m.End > anchor || anchor == t.Start) continue;
            // Only when the country takes part in what the cue says (it invites, proposes, agrees), not when it only announces.
            if (!ParticipationVerbs.Contains(tokens[anchor].Norm)) continue;
            if (!GapOnly(s, m.End, anchor, SubjectGap) || people.Exists(p => p.Country == m.Country.Name)) continue;
            var leader = entities.HolderOf(m.Country.Name, null, anyHead: true);
            if (leader is not null && Add(people, leader)) named++;
        }

        // "We're going to meet in a couple of weeks": a leader's "we" with no one else named is the meeting under discussion.
        if (people.Count == 1 && state.Focus.Contains(people[0]) && t.Kind is TriggerKind.Meet or TriggerKind.Talks && FirstPersonPluralSubject(s, anchor, window))
        {
            foreach (var e in state.Focus) Add(people, e);
        }

        // 3. Counterparts: "his Russian counterpart" is the holder of the same office in that country.
        foreach (var m in s.Mentions)
        {
            WorkMeter.Step();
            if (!m.IsCounterpart || !window.Contains(m.Start) || m.Country is null) continue;
            if (!(m.Start >= t.End && IsObject(s, t, m) || m.End <= anchor && GapOnly(s, m.End, anchor, SubjectGap))) continue;
            var reference = people.FirstOrDefault(p => p.Country != m.Country.Name);
            var office = reference?.Office ?? Office.HeadOfState;
            var holder = entities.HolderOf(m.Country.Name, office, anyHead: office is Office.HeadOfState or Office.HeadOfGovernment);
            if (holder is not null && Add(people, holder)) named++;
        }

        // 4. Countries for their leaders: "a U.S.-Russia meeting", "Russian-American talks".
        for (var k = Math.Max(0, t.Start - 3); k < t.Start; k++)
        {
            if (s.MentionAt[k] is not { Kind: MentionKind.Country } || !s.Tokens[k].Norm.Contains('-', StringComparison.Ordinal)) continue;
            // "indirect U.S.-Iranian talks": negotiations, not the leaders meeting.
            if (k > 0 && Topics.Contains(tokens[k - 1].Norm) || Enumerable.Range(k + 1, Math.Max(0, t.Start - k - 1)).Any(j => Topics.Contains(tokens[j].Norm))) break;
            foreach (var m in s.Mentions.Where(m => m.Start == k && m.Kind == MentionKind.Country))
            {
                var leader = state.Focus.FirstOrDefault(f => f.Country == m.Country!.Name) ?? entities.HolderOf(m.Country!.Name, null, anyHead: true);
                if (leader is not null && Add(people, leader)) named++;
            }
            break;
        }

        // 5. Group references: "the two leaders", "both presidents" (they replace anyone else); "they" (adds).
        var fromFocus = false;
        for (var k = window.Start; k < window.End; k++)
        {
            var len = _groups.MatchAt(tokens, k, window.End);
            if (len == 0) continue;
            var tied = k + len <= anchor ? GapOnly(s, k + len, anchor, SubjectGap) : k >= t.End && GapOnly(s, t.End, k, ObjectGap);
            if (len == 1 && tokens[k].Norm == "their" && k < t.Start) tied = PossessesTrigger(s, k, t);
            // A group that opens the sentence is the subject of every verb of it ("Both heads of state are scheduled
            // to attend the summit and will meet there").
            if (!tied && !(len > 1 && (Math.Abs(k - t.Start) <= 8 || k <= 1))) { k += len - 1; continue; }
            var group = ResolveGroup(s, k, len, state);
            if (group.Count >= 2)
            {
                if (len > 1) people.Clear();
                foreach (var e in group) Add(people, e);
                fromFocus = group == state.Focus;
            }
            k += len - 1;
        }

        // "a possible bilateral meeting with China's Xi Jinping": a meeting with someone and no subject is the
        // meeting of the leader the sentence is about (named earlier in it: "PM Modi's visit comes amid ...").
        if (people.Count == 1 && t.End < tokens.Length && tokens[t.End].Norm == "with" && t.Form is TriggerForm.Noun or TriggerForm.Ing)
        {
            var found = false;
            for (var k = window.Start; k < anchor; k++)
            {
                // The speaker counts: "Lukashenko announces a new meeting with Putin".
                if (s.MentionAt[k] is { ActsAsLeader: true, Entity: { } e } && e.Country != people[0].Country)
                {
                    if (Add(people, e)) named++;
                    found = true;
                    break;
                }
            }
            // "Russia on Friday ruled out an immediate meeting with Zelensky": the country is its leader.
            if (!found && s.Mentions.FirstOrDefault(x => x.Kind is MentionKind.Country or MentionKind.Seat && x.Start < anchor && x.ZoneStart <= window.Start + 1) is { Country: { } c }
                && c.Name != people[0].Country && entities.HolderOf(c.Name, null, anyHead: true) is { } leader && Add(people, leader))
            {
                named++;
            }
        }

        // 6. A visit: the host country's leader the article names; a tour of several countries is one meeting per host.
        var groups = new List<List<Entity>>();
        if (t.Kind == TriggerKind.Visit && people.Count >= 1 && Destinations(s, t, window) is { Count: > 1 } tour)
        {
            foreach (var country in tour)
            {
                if (country == people[0].Country) continue;
                var group = new List<Entity> { people[0] };
                foreach (var host in HostsIn(country, people[0], entities)) Add(group, host);
                if (group.Count > 1) groups.Add(group);
            }
        }
        if (t.Kind == TriggerKind.Visit && groups.Count == 0)
        {
            var visitor = people.Count > 0 ? people[0] : null;
            var destination = Destination(s, t, window);
            // "go to Moscow", "come to Kyiv" mean the leader there; "fly to Osaka" may be for anything.
            if (IsMotionVerb(tokens[t.Start].Norm) && !GoesToCapital(s, t, entities)) destination = null;
            if (destination is not null && visitor is not null && visitor.Country != destination && !people.Exists(p => p.Country == destination))
            {
                foreach (var host in HostsIn(destination, visitor, entities))
                {
                    if (Add(people, host)) named++;
                }
            }
        }

        // 7. An offer to host: the host is not a participant ("Erdogan offered to host Putin and Zelensky"),
        //    nor is one who invites two others to meet ("Putin invited Netanyahu and Abbas for talks").
        var offerer = OfferingHost(s, t, window);
        if (offerer is not null && people.Count > 2) people.Remove(offerer);
        if (anchor < t.Start && tokens[anchor].Norm is "invited" or "invites" or "invite" or "inviting" && subjects.Count == 1 && people.Count > 2
            && Sides(people.Where(p => p != subjects[0]).ToList()) >= 2)
        {
            people.Remove(subjects[0]);
        }

        // In a headline, a lone participant meets the other leader the headline names
        // ("Pompeo Cancels Germany Visit; Russia Says New Lavrov Meeting Expected Next Week").
        if (IsHeadline(s) && s.Tokens.Length <= 16 && Sides(people) < 2 && people.Count >= 1)
        {
            foreach (var m in s.Mentions)
            {
                if (m.ActsAsLeader && m.Entity is { } other && !IsSpeakerOf(speech, m) && !people.Exists(p => p.Country == other.Country) && Add(people, other)) named++;
            }
        }

        // 8. A bare reference to the meeting under discussion takes its participants.
        var blocked = NonLeaderParticipants(s, t, window, speech);
        // A visit somewhere else than the country of the meeting under discussion is not that meeting ("after his visit to the Middle East").
        var visitElsewhere = t.Kind == TriggerKind.Visit && HasDestination(s, t, window, out var dest) && !state.Focus.Exists(f => f.Country == dest);
        if (Sides(people) < 2 && blocked is null && state.Focus.Count >= 2 && !visitElsewhere && IsAnaphoric(s, t) && state.FocusBlockedAt < s.Sentence.Index - 1)
        {
            if (people.TrueForAll(p => state.Focus.Contains(p)))
            {
                foreach (var e in state.Focus) Add(people, e);
                fromFocus = true;
            }
        }
        return new Participants(people, named, fromFocus, blocked) { Subjects = subjects, Groups = groups };
    }

    /// <summary>
    /// Who a group reference means. "they"/"their": the last two leaders of different sides this sentence named
    /// before it ("the Russian and Ukrainian presidents ... they had agreed to meet"), else the meeting under
    /// discussion. "the two ministers", "both presidents": the last two leaders of that office the article named.
    /// "the two leaders", "the pair": the meeting under discussion.
    /// </summary>
    private static List<Entity> ResolveGroup(SentenceContext s, int k, int len, DiscourseState state)
    {
        var phrase = s.Sentence.Slice(k, k + len).ToLowerInvariant();
        // "He will visit South Korea, China, Vietnam and the Philippines, where he will meet with the leaders":
        // the leaders of the countries just listed, not the meeting under discussion.
        if (phrase is "the leaders" && s.Mentions.Count(m => m.Kind == MentionKind.Country && m.Start < k) >= 2) return [];
        if (len == 1)
        {
            var earlier = new List<Entity>();
            foreach (var m in s.Mentions.Where(x => x.Start < k && x.ActsAsLeader && x.Entity is not null).Reverse())
            {
                if (earlier.Count < 2 && !earlier.Exists(e => e.Country == m.Entity!.Country)) earlier.Add(m.Entity!);
            }
            if (earlier.Count == 2) return earlier;
            if (state.Focus.Count >= 2) return state.Focus;
            // Nothing under discussion yet: the last two leaders of different sides the article named.
            var recentPair = new List<Entity>();
            for (var i = state.Recent.Count - 1; i >= 0 && recentPair.Count < 2; i--)
            {
                if (!recentPair.Exists(e => e.Country == state.Recent[i].Country)) recentPair.Add(state.Recent[i]);
            }
            return recentPair;
        }
        Office? office = phrase.Contains("minister", StringComparison.Ordinal) && !phrase.Contains("prime", StringComparison.Ordinal) || phrase.Contains("diplomat", StringComparison.Ordinal)
            ? Office.ForeignMinister
            : phrase.Contains("prime minister", StringComparison.Ordinal) ? Office.HeadOfGovernment : null;
        if (office is null)
        {
            // "Both leaders", "the two men": two people; when the meeting under discussion has more, the last two named.
            var two = phrase.Contains("two", StringComparison.Ordinal) || phrase.Contains("both", StringComparison.Ordinal) || phrase.Contains("pair", StringComparison.Ordinal) || phrase.Contains("duo", StringComparison.Ordinal);
            if (!two || state.Focus.Count == 2) return state.Focus;
            var pair = new List<Entity>();
            for (var i = state.Recent.Count - 1; i >= 0 && pair.Count < 2; i--)
            {
                if (!pair.Exists(e => e.Country == state.Recent[i].Country)) pair.Add(state.Recent[i]);
            }
            return pair.Count == 2 ? pair : state.Focus;
        }
        var recent = new List<Entity>();
        for (var i = state.Recent.Count - 1; i >= 0 && recent.Count < 2; i--)
        {
            var e = state.Recent[i];
            if (e.Office == office && !recent.Contains(e)) recent.Add(e);
        }
        return recent.Count == 2 ? recent : state.Focus;
    }

    private static bool FirstPersonPluralSubject(SentenceContext s, int anchor, Clause window)
    {
        for (var k = Math.Max(window.Start, anchor - 4); k < anchor; k++)
        {
            if (s.Tokens[k].Norm is "we" or "we're" or "we'll" or "we've" or "we'd" && GapOnly(s, k + 1, anchor, SubjectGap)) return true;
            if (s.Tokens[k].Norm is "our" && s.Sentence.InQuote[k] && k + 3 >= anchor) return true;
        }
        return false;
    }

    /// <summary>"his meeting", "his official visit", "her first trip": a possessive right before the trigger (two adjectives at most).</summary>
    private static bool PossessesTrigger(SentenceContext s, int k, Trigger t)
    {
        if (t.Start - k - 1 > 2) return false;
        for (var j = k + 1; j < t.Start; j++)
        {
            if (!s.Tokens[j].IsWord || s.Tokens[j].Capitalized && s.MentionAt[j] is null) return false;
        }
        return true;
    }

    private bool OwnsNonParticipant(SentenceContext s, Mention m)
    {
        var k = m.End;
        var possessive = k < s.Tokens.Length && s.Tokens[k].Norm == "'s";
        if (possessive) k++;
        // "Putin's special envoy" (a possessive and adjectives), "Putin envoy" (the noun right after the name).
        for (var j = k; j < s.Tokens.Length && j <= k + (possessive ? 3 : 0); j++)
        {
            if (s.TriggerLength[j] > 0 || s.MentionAt[j] is not null && j > k) return false;
            if (_possessedNonMeeting.Contains(s.Tokens[j].Norm)) return true;
            if (!s.Tokens[j].IsWord) return false;
        }
        return false;
    }

    /// <summary>The leader only says something here ("Trump said ...", "... , Putin told reporters"), not "announces a meeting with".</summary>
    private static bool IsSpeakerOf(List<SpeechAct> speech, Mention m) =>
        speech.Exists(a => a.Speaker.Entity == m.Entity && (m.End <= a.Verb && a.Verb - m.End <= 6 || m.Start >= a.VerbEnd && m.Start - a.VerbEnd <= 4)
            && s_sayingVerbs.Contains(a.Verb < 0 ? "" : a.VerbText));

    private static readonly HashSet<string> s_sayingVerbs = new(StringComparer.Ordinal)
    {
        "said", "says", "say", "told", "tells", "tell", "according", "added", "adds", "stated", "noted", "stressed", "wrote", "tweeted",
    };

    /// <summary>The article's own headline speaks telegraphically; sub-headings inside the story are read like sentences.</summary>
    private static bool IsHeadline(SentenceContext s) => s.IsTitle && s.Sentence.Paragraph < 0;

    public static int Sides(List<Entity> people) => people.Select(p => p.Country ?? p.Name).Distinct(StringComparer.Ordinal).Count();

    private static bool Add(List<Entity> people, Entity e)
    {
        if (!e.IsLeader || people.Contains(e)) return false;
        people.Add(e);
        return true;
    }

    /// <summary>True when tokens [from, to) are all in <paramref name="allowed"/> (or part of a time, a number, a leader's title), and at most <paramref name="max"/> of them.</summary>
    private static bool GapOnly(SentenceContext s, int from, int to, HashSet<string> allowed, int max = 7)
    {
        if (to - from > max) return false;
        for (var k = from; k < to; k++)
        {
            var t = s.Tokens[k];
            if (allowed.Contains(t.Norm) || t.Kind is TokenKind.Number or TokenKind.Quote or TokenKind.OpenQuote or TokenKind.CloseQuote or TokenKind.Dash) continue;
            // Adverbs: "would certainly be open to", "had briefly met", "meet ... actually with".
            if ((allowed == SubjectGap || allowed == ObjectGap) && t.Norm.Length > 4 && t.Norm.EndsWith("ly", StringComparison.Ordinal) && !s.Tokens[k].Capitalized) continue;
            if (s.MentionAt[k] is { Kind: MentionKind.CountryAdjective or MentionKind.Country or MentionKind.Role }) continue;
            if (IsMonth(t.Norm)) continue;
            return false;
        }
        return true;
    }

    private static bool IsMonth(string norm) => norm is "january" or "february" or "march" or "april" or "may" or "june" or "july"
        or "august" or "september" or "october" or "november" or "december" or "jan." or "feb." or "aug." or "sept." or "sep." or "oct." or "nov." or "dec.";

    /// <summary>The leader (or the leaders coordinated with it: "A, B and C") stands right before the trigger's words.</summary>
    private static bool IsSubject(SentenceContext s, Mention m, int anchor)
    {
        var end = m.End;
        // Walk over a coordination to the last member: "Putin and his U.S. counterpart Barack Obama may hold".
        var k = end;
        while (true)
        {
            // "President Lazarus Chakwera of Malawi will meet": the country after the name belongs to it.
            if (k + 1 < anchor && s.Tokens[k].Norm == "of" && s.MentionAt[k + 1] is { Kind: MentionKind.Country } country) k = country.End;
            if (GapOnly(s, k, anchor, SubjectGap)) return true;
            if (k < s.Tokens.Length && s.Tokens[k].Norm == "'s" && GapOnly(s, k + 1, anchor, Determiners, 3)) return true;
            // Jump to the next leader joined by "and" / "," / "with".
            var next = NextLeaderInCoordination(s, k, anchor);
            if (next is null) return false;
            k = next.End;
        }
    }

    private static Mention? NextLeaderInCoordination(SentenceContext s, int from, int limit)
    {
        var k = from;
        var sawJoin = false;
        while (k < limit && k - from < 8)
        {
            var norm = s.Tokens[k].Norm;
            if (norm is "and" or "," or "&" or "with" or "as" or "well") { sawJoin = true; k++; continue; }
            if (s.MentionAt[k] is { } m)
            {
                if (m.Kind is MentionKind.Person or MentionKind.ShortName or MentionKind.Role && m.ActsAsLeader) return sawJoin ? m : null;
                k = Math.Max(k + 1, m.End);
                continue;
            }
            if (norm is "his" or "her" or "their" or "counterpart" or "the" or "fellow" || ZoneWord(s, k)) { k++; continue; }
            return null;
        }
        return null;
    }

    private static bool ZoneWord(SentenceContext s, int k) => s.Tokens[k].IsWord && s.Tokens[k].Capitalized;

    private static bool IsObject(SentenceContext s, Trigger t, Mention m)
    {
        if (GapOnly(s, t.End, m.ZoneStart, ObjectGap, 8)) return true;
        // "the meetings, which had been scheduled with Chancellor Angela Merkel", "no meeting could be scheduled
        // between Mr. Modi and Mr. Sharif": a verb between the trigger and its "with"/"between" phrase.
        var j = t.End;
        if (j < m.ZoneStart && s.Tokens[j].Norm == ",") j++;
        if (j < m.ZoneStart && s.Tokens[j].Norm is "which" or "that") j++;
        var start = j;
        while (j < m.ZoneStart && s.Tokens[j].Norm is "had" or "has" or "have" or "was" or "were" or "been" or "is" or "are" or "be" or "could" or "can"
               or "would" or "will" or "not" or "n't" or "originally" or "initially" or "yet" or "still" or "so" or "far") j++;
        if (j < m.ZoneStart && j > start && s.Tokens[j].Norm is "scheduled" or "planned" or "set" or "arranged" or "expected" or "due" or "held" or "agreed" or "organized" or "organised" or "fixed") j++;
        if (j < m.ZoneStart && j > start + 1 && s.Tokens[j].Norm is "with" or "between" && IsObjectFrom(s, j, m)) return true;
        return IsObjectFrom(s, t.End, m);
    }

    private static bool IsObjectFrom(SentenceContext s, int from, Mention m)
    {
        // A coordination after the trigger: "with Putin and Chinese President Xi".
        if (GapOnly(s, from, m.ZoneStart, ObjectGap, 8)) return true;
        var k = from;
        while (k < m.ZoneStart)
        {
            var prev = s.MentionAt[k];
            if (prev is null)
            {
                var norm = s.Tokens[k].Norm;
                if (!ObjectGap.Contains(norm) && !ZoneWord(s, k) && !(norm.Length > 4 && norm.EndsWith("ly", StringComparison.Ordinal))) return false;
                k++;
                continue;
            }
            if (prev.Kind is not (MentionKind.Person or MentionKind.ShortName or MentionKind.Role or MentionKind.CountryAdjective or MentionKind.Country or MentionKind.Place)) return false;
            k = Math.Max(k + 1, prev.End);
        }
        return m.ZoneStart - from <= 40;
    }

    /// <summary>A leader inside the trigger's own words: "a possible Putin-Trump meeting", "Trump's planned meeting".</summary>
    private static bool IsInside(SentenceContext s, Mention m, Trigger t) =>
        GapOnly(s, m.End, t.Start, Determiners, 3) || m.End < s.Tokens.Length && s.Tokens[m.End].Norm == "'s";

    /// <summary>"the leader", "the world leader", "the Russian leader": a singular description that refers back like "he".</summary>
    private static bool DefiniteDescription(SentenceContext s, int k)
    {
        var tokens = s.Tokens;
        if (k >= 1 && tokens[k - 1].Norm == "the") return true;
        return k >= 2 && tokens[k - 2].Norm == "the" && tokens[k - 1].IsWord && (tokens[k - 1].Norm is "world" or "veteran" or "former" ? tokens[k - 1].Norm != "former" : s.MentionAt[k - 1] is { Kind: MentionKind.CountryAdjective });
    }

    /// <summary>"such a meeting", "the talks", "Putin's visit": a noun that refers back to a meeting already named.</summary>
    private static bool IsAnaphoric(SentenceContext s, Trigger t)
    {
        if (t.Form is not (TriggerForm.Noun or TriggerForm.Ing or TriggerForm.Base or TriggerForm.Adj)) return false;
        var tokens = s.Tokens;
        // A base form is a noun only right after a determiner ("a visit", "the meet"); "plans to fly" is a verb.
        if (t.Form == TriggerForm.Base && (t.Start == 0 || !Determiners.Contains(tokens[t.Start - 1].Norm) && s.MentionAt[t.Start - 1] is null)) return false;
        // A topic anywhere among the modifiers makes it negotiations ("indirect U.S.-Iranian talks").
        for (var j = t.Start - 1; j >= 0 && j >= t.Start - 4; j--)
        {
            if (Topics.Contains(tokens[j].Norm)) return false;
            if (Determiners.Contains(tokens[j].Norm) || !tokens[j].IsWord && tokens[j].Kind != TokenKind.Dash) break;
        }
        var k = t.Start - 1;
        var adjectives = 0;
        while (k >= 0)
        {
            var norm = tokens[k].Norm;
            if (Topics.Contains(norm)) return false;
            if (Determiners.Contains(norm) || s.MentionAt[k] is { } m && (m.ActsAsLeader || m.Kind is MentionKind.Country or MentionKind.CountryAdjective)) return true;
            if (tokens[k].IsWord && tokens[k].Capitalized) return false;
            if (!tokens[k].IsWord || ++adjectives > 2) return false;
            k--;
        }
        return false;
    }

    /// <summary>The "with ..."/"between ..." phrases of the clause's other triggers, up to the next trigger.</summary>
    private static List<Clause> OtherTriggersArguments(SentenceContext s, Trigger t, Clause window)
    {
        var spans = new List<Clause>();
        foreach (var other in s.Triggers)
        {
            if (other == t || !window.Contains(other.Start) || other.Start < t.Start) continue;
            var k = other.End;
            if (k >= window.End || s.Tokens[k].Norm is not ("with" or "between")) continue;
            var end = window.End;
            foreach (var next in s.Triggers)
            {
                if (next.Start > k && next.Start < end) end = next.Start;
            }
            spans.Add(new Clause(k, end));
        }
        return spans;
    }

    private static Entity? ResolveThirdPerson(SentenceContext s, int k, List<SpeechAct> speech, DiscourseState state, List<Entity> present)
    {
        // After a speech verb whose speaker is a leader: the speaker ("Putin said he was ready").
        foreach (var act in speech)
        {
            if (k >= act.VerbEnd && act.Speaker.Entity is { IsLeader: true } e && !s.Sentence.InQuote[k] && s.Tokens[k].Norm is "he" or "she" or "his" or "her") return e;
        }
        // Otherwise the nearest leader named before it in the sentence, or the last one before this sentence.
        for (var j = k - 1; j >= 0; j--)
        {
            if (s.MentionAt[j] is { Entity: { IsLeader: true } e } m && m.ActsAsLeader && !present.Contains(e)) return e;
        }
        if (state.LastSubject is { } subject && !present.Contains(subject)) return subject;
        return state.LastLeader is { } last && !present.Contains(last) ? last : state.Focus.FirstOrDefault(f => !present.Contains(f));
    }

    private static Entity? QuoteSpeaker(SentenceContext s, List<SpeechAct> speech, DiscourseState state)
    {
        foreach (var act in speech)
        {
            if (act.Speaker.Entity is { } e) return e;
        }
        _ = s;
        return state.QuoteSpeaker?.Entity;
    }

    private static string? Destination(SentenceContext s, Trigger t, Clause window)
    {
        var tokens = s.Tokens;
        // "a Germany visit", "his China trip": the place before the trigger.
        if (t.Start > 0 && s.MentionAt[t.Start - 1] is { Kind: MentionKind.Country or MentionKind.Place } before && before.End == t.Start)
        {
            return before.Country?.Name ?? before.Place?.Country;
        }
        // "a visit to Russia", "visit Moscow", "a visit by Crown Prince Mohammed bin Salman to Malaysia".
        for (var k = t.End; k < window.End && k - t.End < 12; k++)
        {
            var m = s.MentionAt[k];
            if (m is { Kind: MentionKind.Country or MentionKind.Place } && (k == t.End || tokens[k - 1].Norm is "to" or "in" or "the" or "capital" or "city")
                && (m.Country?.Name ?? m.Place?.Country) is { } c)
            {
                return c;
            }
            if (tokens[k].Norm is "." or ";" or "with" or "for") break;
        }
        return null;
    }

    /// <summary>Every country a visit goes to: "to Turkey and Cyprus", "trips this week to Turkey and Cyprus".</summary>
    private static List<string> Destinations(SentenceContext s, Trigger t, Clause window)
    {
        var result = new List<string>();
        var k = t.End;
        // "visit South Korea, China, Vietnam and the Philippines" (a verb) or "trips this week to Turkey and Cyprus".
        if (!(k < window.End && s.MentionAt[k] is { Kind: MentionKind.Country or MentionKind.Place }))
        {
            while (k < window.End && k - t.End < 4 && s.Tokens[k].Norm is not "to") k++;
            if (k >= window.End || s.Tokens[k].Norm != "to") return result;
            k++;
        }
        while (k < window.End)
        {
            if (s.MentionAt[k] is { Kind: MentionKind.Country or MentionKind.Place } m && (m.Country?.Name ?? m.Place?.Country) is { } c)
            {
                if (!result.Contains(c)) result.Add(c);
                k = m.End;
                if (k < window.End && s.Tokens[k].Norm is "and" or ",") { k++; continue; }
            }
            else if (s.Tokens[k].Norm is "the" && k + 1 < window.End) { k++; continue; }
            break;
        }
        return result;
    }

    private static bool IsMotionVerb(string norm) => norm is "go" or "goes" or "went" or "come" or "comes" or "came" or "travel" or "travels"
        or "traveled" or "travelled" or "travelling" or "traveling" or "fly" or "flies" or "flew";

    private static bool GoesToCapital(SentenceContext s, Trigger t, ArticleEntities entities)
    {
        for (var k = t.End; k < Math.Min(s.Tokens.Length, t.End + 3); k++)
        {
            if (s.MentionAt[k] is { Kind: MentionKind.Country }) return true;
            if (s.MentionAt[k] is { Kind: MentionKind.Place, Place: { Country: { } c } p }) return entities.CapitalOf(c) is { } capital && PhraseKey.Of(capital) == PhraseKey.Of(p.Name);
        }
        return false;
    }

    private static bool HasDestination(SentenceContext s, Trigger t, Clause window, out string? country)
    {
        country = null;
        if (t.Start > 0 && s.MentionAt[t.Start - 1] is { Kind: MentionKind.Country or MentionKind.Place } before && before.End == t.Start)
        {
            country = before.Country?.Name ?? before.Place?.Country;
            return true;
        }
        for (var k = t.End; k < window.End && k - t.End < 8; k++)
        {
            if (s.MentionAt[k] is { Kind: MentionKind.Country or MentionKind.Place } m)
            {
                country = m.Country?.Name ?? m.Place?.Country;
                return true;
            }
            if (s.Tokens[k].Norm is "." or ";" or "by" or "with") break;
        }
        return false;
    }

    /// <summary>
    /// The host country's leaders the article names. A head of state or government visits the host's heads
    /// (the foreign minister who announces it is not the host); a foreign minister's visit meets whoever the
    /// article names there (a visit to Berlin: the chancellor and the foreign minister alike).
    /// </summary>
    private static IEnumerable<Entity> HostsIn(string country, Entity visitor, ArticleEntities entities)
    {
        var named = entities.Entities.Where(e => e.IsLeader && e.Country == country).ToList();
        if (visitor.Office is Office.HeadOfState or Office.HeadOfGovernment)
        {
            var heads = named.Where(e => e.Office is Office.HeadOfState or Office.HeadOfGovernment).ToList();
            if (heads.Count > 0) return heads.Take(2);
        }
        return named.Take(3);
    }

    private Entity? OfferingHost(SentenceContext s, Trigger t, Clause window)
    {
        var tokens = s.Tokens;
        for (var k = window.Start; k < t.Start; k++)
        {
            if (_offerHost.MatchAt(tokens, k, window.End) == 0) continue;
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
        // A non-leader group as the subject of the clause, unless it only speaks ("officials said").
        for (var k = window.Start; k < t.Start; k++)
        {
            var len = _nonLeaderGroups.MatchAt(tokens, k, t.Start);
            if (len == 0 || IsPartOfLeaderTitle(s, k)) continue;
            // Only as the subject: "with the special envoy" belongs to something else.
            var governed = false;
            for (var j = Math.Max(window.Start, k - 5); j < k && !governed; j++)
            {
                governed = tokens[j].Norm is "with" or "by" or "of" or "to" or "about" or "from" or "for" or "between" or "among" or "at" or "in" or "on";
            }
            if (governed) continue;
            // "officials said", "Putin's foreign affairs adviser, Yury Ushakov, said": the group only speaks.
            var speaks = speech.Exists(a => a.Verb >= k + len && a.Verb - (k + len) <= 6 && !s.Triggers.Exists(x => x.Start > k && x.Start < a.Verb));
            if (!speaks) return s.Sentence.Slice(k, k + len);
        }
        // "a meeting at the foreign minister level": a meeting of officials at a rank, not of named leaders.
        for (var k = t.End; k + 1 < Math.Min(window.End, t.End + 6); k++)
        {
            if (tokens[k].Norm == "at" && Enumerable.Range(k + 1, Math.Min(4, window.End - k - 1)).Any(j => tokens[j].Norm is "level" or "level.")) return s.Sentence.Slice(t.Start, Math.Min(window.End, k + 5));
        }

        // "a meeting of the presidium of the State Council", "a meeting of the Security Council": a body's meeting.
        if (t.End + 1 < window.End && tokens[t.End].Norm == "of" && t.Form is TriggerForm.Noun or TriggerForm.Ing)
        {
            var j = t.End + 1;
            while (j < window.End && tokens[j].Norm is "the" or "a" or "an" or "its" or "their") j++;
            var ofLeaders = j < window.End && (s.MentionAt[j] is { } lm && (lm.ActsAsLeader || lm.Kind is MentionKind.Role or MentionKind.CountryAdjective)
                || tokens[j].Norm is "leaders" or "presidents" or "heads" or "two" or "both" or "prime" or "foreign");
            if (!ofLeaders) return s.Sentence.Slice(t.Start, Math.Min(window.End, j + 1));
        }
        for (var k = t.End; k < Math.Min(window.End, t.End + 6); k++)
        {
            var norm = tokens[k].Norm;
            if (norm is not ("with" or "between" or "of" or "by" or "among")) continue;
            for (var j = k + 1; j < Math.Min(window.End, k + 5); j++)
            {
                if (s.MentionAt[j] is { } m && (m.ActsAsLeader || m.Kind is MentionKind.Role && m.Entity is not null)) return null;
                if (s.MentionAt[j] is { Kind: MentionKind.Person or MentionKind.ShortName } other) return other.Text;
                var len = _nonLeaderGroups.MatchAt(tokens, j, window.End);
                if (len > 0) return s.Sentence.Slice(j, j + len);
            }
            break;
        }
        // A named person who is not a leader and not merely speaking, next to the trigger.
        foreach (var m in s.Mentions)
        {
            WorkMeter.Step();
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
