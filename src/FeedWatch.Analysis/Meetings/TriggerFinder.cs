using FeedWatch.Analysis.Entities;
using FeedWatch.Analysis.Knowledge;

namespace FeedWatch.Analysis.Meetings;

/// <summary>
/// A false-friend rule: vetoes a trigger word that does not report a meeting here ("meet demands",
/// "met with criticism", "the G20 summit"). Returns the reason, or null to let it stand.
/// </summary>
internal interface ITriggerFilter
{
    string Name { get; }

    string? Veto(SentenceContext s, Trigger t);
}

/// <summary>Finds the meeting triggers of a sentence and runs the false-friend rules over them.</summary>
internal sealed class TriggerFinder
{
    private readonly Lexicon _lexicon;

    public TriggerFinder(Lexicon lexicon)
    {
        _lexicon = lexicon;
        Filters =
        [
            new MeetFalseObjectFilter(lexicon),
            new MetWithFalseFilter(lexicon),
            new EventNotMeetingFilter(lexicon),
            new ModifierBeforeNounFilter(),
            new SummitNeedsLeadersFilter(),
            new HostNeedsGuestFilter(),
            new VisitNeedsDestinationFilter(),
            new MeetingAsPlaceFilter(),
            new ConversationInPersonFilter(),
            new MotionNeedsPlaceFilter(),
        ];
    }

    public IReadOnlyList<ITriggerFilter> Filters { get; }

    /// <summary>Fills <see cref="SentenceContext.Triggers"/> and <see cref="SentenceContext.TriggerLength"/>; returns the vetoed ones.</summary>
    public List<(Trigger Trigger, string Rule, string Reason)> Find(SentenceContext s)
    {
        var vetoed = new List<(Trigger, string, string)>();
        var tokens = s.Tokens;
        var candidates = new List<Trigger>();
        for (var i = 0; i < tokens.Length; i++)
        {
            WorkMeter.Step();
            if (!tokens[i].IsWord || !_lexicon.Triggers.TryGetValue(tokens[i].Norm, out var words)) continue;
            foreach (var w in words)
            {
                var ok = true;
                for (var k = 1; k < w.Words.Length && ok; k++) ok = i + k < tokens.Length && tokens[i + k].Norm == w.Words[k];
                if (!ok) continue;
                candidates.Add(new Trigger(i, w.Words.Length, w));
                i += w.Words.Length - 1;
                break;
            }
        }
        // Mark all candidates first: filters look at neighbouring triggers ("bilateral meeting").
        foreach (var t in candidates) s.TriggerLength[t.Start] = t.Length;
        foreach (var t in candidates)
        {
            string? reason = null;
            foreach (var f in Filters)
            {
                reason = f.Veto(s, t);
                if (reason is not null)
                {
                    vetoed.Add((t, f.Name, reason));
                    break;
                }
            }
            if (reason is null) s.Triggers.Add(t);
        }
        foreach (var (t, _, _) in vetoed) s.TriggerLength[t.Start] = 0;
        return vetoed;
    }

    internal static int SkipDeterminers(SentenceContext s, int i, WordClass determiners, int max = 3)
    {
        var k = i;
        while (k < s.Tokens.Length && k - i < max && determiners.Contains(s.Tokens[k].Norm)) k++;
        return k;
    }

    internal static bool IsLeaderAt(SentenceContext s, int i) =>
        i >= 0 && i < s.Tokens.Length && s.MentionAt[i] is { } m
        && (m.Kind is MentionKind.Person or MentionKind.ShortName or MentionKind.Role && (m.ActsAsLeader || m.Kind == MentionKind.Role))
        || i >= 0 && i < s.Tokens.Length && s.Tokens[i].Norm is "him" or "them" or "each";
}

/// <summary>"meet demands", "meet the deadline": meet with a goal as its object.</summary>
internal sealed class MeetFalseObjectFilter(Lexicon lexicon) : ITriggerFilter
{
    private readonly WordClass _objects = lexicon.Class("meet-false-object");
    private readonly WordClass _determiners = lexicon.Class("determiner");

    public string Name => "meet-false-object";

    public string? Veto(SentenceContext s, Trigger t)
    {
        if (t.Kind != TriggerKind.Meet || t.Form is TriggerForm.Noun or TriggerForm.Adj) return null;
        var k = TriggerFinder.SkipDeterminers(s, t.End, _determiners);
        return k < s.Tokens.Length && _objects.Contains(s.Tokens[k].Norm) ? $"'{s.Sentence.Slice(t.Start, k + 1)}' meets a goal, not a person" : null;
    }
}

/// <summary>"met with criticism": a reaction, not a meeting.</summary>
internal sealed class MetWithFalseFilter(Lexicon lexicon) : ITriggerFilter
{
    private readonly WordClass _reactions = lexicon.Class("met-with-false");
    private readonly WordClass _determiners = lexicon.Class("determiner");

    public string Name => "met-with-reaction";

    public string? Veto(SentenceContext s, Trigger t)
    {
        if (t.Kind != TriggerKind.Meet || t.End >= s.Tokens.Length || s.Tokens[t.End].Norm is not ("with" or "by")) return null;
        var k = TriggerFinder.SkipDeterminers(s, t.End + 1, _determiners);
        return k < s.Tokens.Length && _reactions.Contains(s.Tokens[k].Norm) ? $"'{s.Sentence.Slice(t.Start, k + 1)}' is a reaction" : null;
    }
}

/// <summary>"the G20 summit", "the SCO Heads of State Council meeting": a multilateral event, not a meeting between named leaders.</summary>
internal sealed class EventNotMeetingFilter(Lexicon lexicon) : ITriggerFilter
{
    private readonly WordClass _events = lexicon.Class("event-name");
    private readonly WordClass _fillers = lexicon.Class("event-filler");

    public string Name => "event-not-meeting";

    public string? Veto(SentenceContext s, Trigger t)
    {
        if (t.Form is not (TriggerForm.Noun or TriggerForm.Ing) || t.Kind is TriggerKind.Visit or TriggerKind.Host) return null;
        if (t.Kind == TriggerKind.Meet && t.Form == TriggerForm.Ing && !IsNounUse(s, t)) return null;
        var tokens = s.Tokens;
        for (var k = t.Start - 1; k >= 0 && t.Start - k <= 6; k--)
        {
            for (var start = Math.Max(0, k - 4); start <= k; start++)
            {
                var len = _events.MatchAt(tokens, start, k + 1);
                if (len == k + 1 - start)
                {
                    return $"'{s.Sentence.Slice(start, t.End)}' names a multilateral event";
                }
            }
            var norm = tokens[k].Norm;
            if (!_fillers.Contains(norm) && !(tokens[k].IsWord && tokens[k].Capitalized && s.MentionAt[k] is null) && tokens[k].Kind != Text.TokenKind.Number)
            {
                break;
            }
        }
        return null;
    }

    /// <summary>"a meeting" / "the meeting" / "Monday's meeting" as opposed to "is meeting" / "meeting with".</summary>
    internal static bool IsNounUse(SentenceContext s, Trigger t)
    {
        if (t.Start == 0) return true;
        var prev = s.Tokens[t.Start - 1].Norm;
        return prev is not ("is" or "are" or "was" or "were" or "be" or "been" or "'re" or "'m" or "am" or "after" or "before" or "by" or "of" or "for" or "while" or "when" or "about");
    }
}

/// <summary>"bilateral meeting", "face-to-face talks": the adjective is not a second trigger; "bilateral relations" is no meeting.</summary>
internal sealed class ModifierBeforeNounFilter : ITriggerFilter
{
    public string Name => "modifier-before-noun";

    public string? Veto(SentenceContext s, Trigger t)
    {
        var norm = s.Tokens[t.Start].Norm;
        var modifier = t.Form == TriggerForm.Adj || norm is "face-to-face" or "one-on-one" or "one-to-one" or "tete-a-tete" or "sit-down" or "summit";
        if (!modifier || t.End >= s.Tokens.Length) return null;
        // "face-to-face meeting", "face-to-face Zelensky meeting", "bilateral summit talks"
        for (var k = t.End; k < Math.Min(s.Tokens.Length, t.End + 3); k++)
        {
            if (s.TriggerLength[k] > 0) return $"'{norm}' modifies the trigger after it";
            if (!s.Tokens[k].IsWord || s.MentionAt[k] is null && k > t.End) break;
        }
        // "face-to-face" before "with" / a verb / punctuation stands as a noun; before another noun it is an adjective.
        var next = s.Tokens[t.End];
        if (t.Form == TriggerForm.Adj && norm == "bilateral" && next.IsWord && next.Norm is not ("with" or "between" or "on" or "at" or "in" or "and" or "during" or "later" or "today"))
        {
            return $"'bilateral {next.Norm}' is not a meeting";
        }
        if (norm == "summit" && next.IsWord && next.Norm is "meeting" or "talks") return "'summit' modifies the next trigger";
        return null;
    }
}

/// <summary>
/// "summit" alone mostly names an event ("the summit"); it reports a meeting between leaders when they
/// are attached: "a Putin-Trump summit", "their summit", "hold a summit", "a summit with Kim".
/// </summary>
internal sealed class SummitNeedsLeadersFilter : ITriggerFilter
{
    public string Name => "summit-needs-leaders";

    public string? Veto(SentenceContext s, Trigger t)
    {
        if (t.Kind != TriggerKind.Summit) return null;
        var tokens = s.Tokens;
        for (var k = t.Start - 1; k >= 0 && t.Start - k <= 4; k--)
        {
            var norm = tokens[k].Norm;
            if (TriggerFinder.IsLeaderAt(s, k) || s.MentionAt[k] is { Kind: MentionKind.Country or MentionKind.CountryAdjective } && k == t.Start - 1 && s.MentionAt[k]!.Start < k + 1 && norm.Contains('-', StringComparison.Ordinal))
            {
                return null;
            }
            if (norm is "their" or "bilateral" or "trilateral" or "two-way" or "inter-korean" or "one-on-one" or "hold" or "held" or "holds" or "holding" or "have" or "had" or "first" or "second" or "third" or "fourth" or "fifth" or "next" or "another" or "such" or "a" or "possible" or "potential" or "proposed" or "planned" or "separate")
            {
                if (norm is "a" && !(k == t.Start - 1)) continue;
                return null;
            }
            if (norm.Contains('-', StringComparison.Ordinal) && s.MentionAt[k] is not null) return null;
            if (norm is "." or "," or ";") break;
        }
        if (t.End + 1 < tokens.Length && tokens[t.End].Norm is "with" or "between" && (TriggerFinder.IsLeaderAt(s, t.End + 1) || TriggerFinder.IsLeaderAt(s, t.End + 2)))
        {
            return null;
        }
        return "'summit' names an event here, no leaders attached";
    }
}

/// <summary>"host"/"receive"/"welcome" report a meeting only with a guest who is a leader.</summary>
internal sealed class HostNeedsGuestFilter : ITriggerFilter
{
    public string Name => "host-needs-guest";

    public string? Veto(SentenceContext s, Trigger t)
    {
        if (t.Kind != TriggerKind.Host) return null;
        var tokens = s.Tokens;
        for (var k = t.End; k < tokens.Length && k - t.End < 5; k++)
        {
            // "welcomed Putin's readiness": the guest is the readiness, not Putin.
            if (s.MentionAt[k] is { } possessor && possessor.IsPossessive) break;
            if (TriggerFinder.IsLeaderAt(s, k)) return null;
            var norm = tokens[k].Norm;
            if (norm is "." or ";" or "summit" or "summits" or "conference" or "olympics" or "games" or "forum" or "talks" or "decision" or "invitation" or "call" or "calls" or "news" or "move" or "letter" or "message") break;
        }
        // Passive: "were received ... by US President Joe Biden".
        for (var k = t.End; k < tokens.Length - 1 && k - t.End < 12; k++)
        {
            if (tokens[k].Norm == "by" && (TriggerFinder.IsLeaderAt(s, k + 1) || TriggerFinder.IsLeaderAt(s, k + 2) || TriggerFinder.IsLeaderAt(s, k + 3))) return null;
        }
        return $"'{tokens[t.Start].Norm}' has no leader as guest";
    }
}

/// <summary>A visit reports a meeting when it goes somewhere or to someone: "visit Moscow", "a visit to Russia by Kerry", "Putin's visit".</summary>
internal sealed class VisitNeedsDestinationFilter : ITriggerFilter
{
    public string Name => "visit-needs-destination";

    public string? Veto(SentenceContext s, Trigger t)
    {
        if (t.Kind != TriggerKind.Visit) return null;
        var tokens = s.Tokens;
        for (var k = t.End; k < tokens.Length && k - t.End < 8; k++)
        {
            var m = s.MentionAt[k];
            if (m is { Kind: MentionKind.Place or MentionKind.Country or MentionKind.Seat } || TriggerFinder.IsLeaderAt(s, k)) return null;
            if (tokens[k].Norm is "." or ";" or "site" or "website" or "page") break;
        }
        // "Putin's visit", "Kerry's first visit": the visitor before, the destination elsewhere in the article.
        for (var k = t.Start - 1; k >= 0 && t.Start - k <= 4; k--)
        {
            if (tokens[k].Norm == "'s" && k > 0 && TriggerFinder.IsLeaderAt(s, k - 1)) return null;
            if (TriggerFinder.IsLeaderAt(s, k)) return null;
        }
        return t.Form == TriggerForm.Noun && t.Word.Words[0] == "trip" ? "a trip with no destination" : "a visit with no destination or host";
    }
}

/// <summary>"meeting room", "meeting place": a place, not an event.</summary>
internal sealed class MeetingAsPlaceFilter : ITriggerFilter
{
    public string Name => "meeting-as-place";

    public string? Veto(SentenceContext s, Trigger t)
    {
        if (t.Kind != TriggerKind.Meet || t.End >= s.Tokens.Length) return null;
        return s.Tokens[t.End].Norm is "room" or "rooms" or "place" or "point" or "hall" or "venue" or "minutes" or "notes" ? "a meeting place or record" : null;
    }
}

/// <summary>
/// A conversation is a meeting only in person: "a long conversation the two leaders had at the G20 summit",
/// not one over the phone (which the virtual-contact rule catches) nor one with no place at all.
/// </summary>
internal sealed class ConversationInPersonFilter : ITriggerFilter
{
    public string Name => "conversation-in-person";

    public string? Veto(SentenceContext s, Trigger t)
    {
        if (s.Tokens[t.Start].Norm is not ("conversation" or "conversations")) return null;
        var tokens = s.Tokens;
        for (var k = Math.Max(0, t.Start - 3); k < Math.Min(tokens.Length, t.End + 12); k++)
        {
            var norm = tokens[k].Norm;
            if (norm is "phone" or "telephone" or "call" or "video" or "online" or "virtual") return "a conversation by phone or video";
        }
        for (var k = t.End; k < Math.Min(tokens.Length, t.End + 12); k++)
        {
            var norm = tokens[k].Norm;
            if (norm is "face-to-face" or "sidelines" || norm == "person" && tokens[k - 1].Norm == "in") return null;
            if (norm is "at" or "in" && k + 1 < tokens.Length && (s.MentionAt[k + 1] is { Kind: MentionKind.Place }
                || tokens[k + 1].Norm == "the" && k + 2 < tokens.Length && (s.MentionAt[k + 2] is not null || tokens[k + 2].Capitalized)))
            {
                return null;
            }
        }
        return "a conversation with no place: a call as likely as a meeting";
    }
}

/// <summary>
/// "go", "come", "travel", "fly" report a visit only when they go "to" a country or city ("I cannot go to
/// Moscow", "He can come to Kyiv"); the host is then whoever the article names there.
/// </summary>
internal sealed class MotionNeedsPlaceFilter : ITriggerFilter
{
    public string Name => "motion-needs-place";

    public string? Veto(SentenceContext s, Trigger t)
    {
        if (t.Kind != TriggerKind.Visit || s.Tokens[t.Start].Norm is "visit" or "visits" or "visited" or "visiting" or "trip" or "trips") return null;
        var k = t.End;
        if (k < s.Tokens.Length && s.Tokens[k].Norm is "back" or "abroad") k++;
        if (!(k + 1 < s.Tokens.Length && s.Tokens[k].Norm == "to" && s.MentionAt[k + 1] is { Kind: MentionKind.Country or MentionKind.Place }))
        {
            return $"'{s.Tokens[t.Start].Norm}' goes nowhere named";
        }
        // "plans to fly to Osaka for the G20 summit": a journey to an event, not a visit to its host.
        for (var j = k + 2; j < Math.Min(s.Tokens.Length, k + 12); j++)
        {
            if (s.Tokens[j].Norm is "for" or "attend" or "attending" && Enumerable.Range(j + 1, Math.Min(6, s.Tokens.Length - j - 1)).Any(x => s.Tokens[x].Norm is "summit" or "conference" or "forum" or "games" or "olympics" or "assembly" or "ceremony" or "parade" or "celebrations" or "session" or "gathering" or "meeting" or "talks"))
            {
                return "a journey to an event";
            }
        }
        return null;
    }
}
